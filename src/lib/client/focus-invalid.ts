import { tick } from 'svelte';

/**
 * After a refused form post: focus the first field marked invalid, so that its message (tied
 * to it with aria-describedby) is read out and the person can correct it at once. Forms use
 * `novalidate`, so the browser's own bubbles, in the browser's language rather than the
 * page's, never appear; this takes their place.
 */
export async function focusFirstInvalid(form: HTMLFormElement): Promise<void> {
	await tick();
	form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
