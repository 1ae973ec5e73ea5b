import type { SubmitFunction } from '@sveltejs/kit';

/** For `use:enhance`: after the answer, reload the page's data but keep what is in the form's fields. */
export const keepValues: SubmitFunction = () => async ({ update }) => update({ reset: false });
