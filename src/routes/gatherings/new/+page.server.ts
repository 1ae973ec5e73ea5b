import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { checkGathering } from '$lib/validation/gathering';
import { createGathering } from '$lib/server/gatherings/store';
import { formText } from '$lib/server/http';

export const load: PageServerLoad = ({ locals }) => {
	requireUser(locals);
};

const FIELDS = ['title', 'place', 'date', 'dotsPerParticipant', 'maxDotsPerTopic', 'retentionDays'] as const;

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const user = requireUser(locals);
		const form = await request.formData();
		const values: Record<string, string> = {};
		for (const field of FIELDS) values[field] = formText(form, field, 500);
		const checked = checkGathering(values);
		if (!checked.ok) return fail(400, { values, errors: checked.errors });
		const gathering = await createGathering(locals.runtime.database.db, user.id, checked.value);
		redirect(303, `/g/${gathering.id}`);
	}
};
