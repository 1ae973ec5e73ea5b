import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { gatheringFor } from '$lib/server/gatherings/by-code';
import { currentGuest } from '$lib/server/gatherings/guest';
import { formText } from '$lib/server/http';
import { answerFollowUp, askFollowUp, loadNazit, saveProfile, setInterest, withdrawFollowUp, type ProfileInput } from '$lib/server/nazit/store';
import { phoneNazit } from '$lib/nazit/views';
import { MAX_LINE_CHARS } from '$lib/nazit/fields';

/** The participant behind this phone, or back to the join page. */
async function participant(event: RequestEvent) {
	const gathering = await gatheringFor(event, '/nazit');
	const guest = await currentGuest(event.locals.runtime.database.db, event.locals.runtime.guests, event.cookies, gathering, event.locals.secureCookies);
	if (!guest) redirect(303, `/j/${gathering.joinCode}`);
	return { gathering, me: guest.participant };
}

export const load: PageServerLoad = async (event) => {
	event.depends('app:nazit');
	const { gathering, me } = await participant(event);
	const rows = await loadNazit(event.locals.runtime.database.db, gathering.id);
	return {
		gathering: { id: gathering.id, title: gathering.title, phase: gathering.phase, code: gathering.joinCode },
		me: { id: me.id, displayName: me.displayName },
		nazit: phoneNazit(rows, me.id)
	};
};

const ID_CHARS = 64;
/** Raw lines are bounded before checking; the exact limit is applied after tidying. */
const RAW_LINE = 4 * MAX_LINE_CHARS;

/** Runs one change; tells every screen afterwards so they fetch what they may see. */
async function change<T>(event: RequestEvent, run: (ctx: Awaited<ReturnType<typeof participant>>, form: FormData) => Promise<T>) {
	const ctx = await participant(event);
	const result = await run(ctx, await event.request.formData());
	await event.locals.runtime.commands.signalNazit(ctx.gathering.id);
	return result;
}

export const actions: Actions = {
	profile: (event) =>
		change(event, async ({ gathering, me }, form) => {
			const input: ProfileInput = {
				initiative: formText(form, 'initiative', RAW_LINE),
				offer: formText(form, 'offer', RAW_LINE),
				lookingFor: formText(form, 'lookingFor', RAW_LINE),
				email: formText(form, 'email', 400),
				phone: formText(form, 'phone', 100),
				shareLines: form.get('shareLines') === 'on',
				shareInitiative: form.get('shareInitiative') === 'on',
				shareEmail: form.get('shareEmail') === 'on',
				sharePhone: form.get('sharePhone') === 'on',
				nameInReport: form.get('nameInReport') === 'on'
			};
			const saved = await saveProfile(event.locals.runtime.database.db, gathering.id, me.id, input);
			if (!saved.ok) return fail(saved.error === 'not_nazit' ? 409 : 400, { profile: { field: saved.field, error: saved.error, input } });
			return { saved: true };
		}),
	interest: (event) =>
		change(event, async ({ gathering, me }, form) => {
			const error = await setInterest(event.locals.runtime.database.db, gathering.id, me.id, formText(form, 'topicId', ID_CHARS), form.get('on') === 'on');
			return error ? fail(409, { error }) : { interest: true };
		}),
	ask: (event) =>
		change(event, async ({ gathering, me }, form) => {
			const topicId = formText(form, 'topicId', ID_CHARS);
			const asked = await askFollowUp(event.locals.runtime.database.db, gathering.id, me.id, formText(form, 'participantId', ID_CHARS), topicId || null);
			return asked.ok ? { asked: asked.status } : fail(asked.error === 'not_nazit' ? 409 : 400, { error: asked.error });
		}),
	answer: (event) =>
		change(event, async ({ gathering, me }, form) => {
			const error = await answerFollowUp(event.locals.runtime.database.db, gathering.id, me.id, formText(form, 'requestId', ID_CHARS), form.get('accept') === 'yes');
			return error ? fail(409, { error }) : { answered: true };
		}),
	withdraw: (event) =>
		change(event, async ({ gathering, me }, form) => {
			const error = await withdrawFollowUp(event.locals.runtime.database.db, gathering.id, me.id, formText(form, 'participantId', ID_CHARS));
			return error ? fail(409, { error }) : { withdrawn: true };
		})
};
