/**
 * Who sees what of a person's after-session profile. The rule everywhere: a field leaves its
 * owner only when the owner said yes to that field, and only to the people that consent
 * names. Every screen and every export goes through `visibleProfile`.
 */
export type Profile = {
	participantId: string;
	initiative: string;
	offer: string;
	lookingFor: string;
	email: string | null;
	phone: string | null;
	shareLines: boolean;
	shareInitiative: boolean;
	shareEmail: boolean;
	sharePhone: boolean;
	nameInReport: boolean;
};

/**
 * `self`: the owner. `here`: another participant of the gathering. `connection`: someone
 * both sides said yes to, or the organisers for a follow-up group the owner continues in.
 */
export type Viewer = 'self' | 'here' | 'connection';

export type VisibleProfile = {
	initiative: string | null;
	offer: string | null;
	lookingFor: string | null;
	email: string | null;
	phone: string | null;
};

const NOTHING: VisibleProfile = { initiative: null, offer: null, lookingFor: null, email: null, phone: null };

const orNull = (value: string | null) => (value ? value : null);

export function visibleProfile(profile: Profile | null | undefined, viewer: Viewer): VisibleProfile {
	if (!profile) return NOTHING;
	if (viewer === 'self') {
		return { initiative: orNull(profile.initiative), offer: orNull(profile.offer), lookingFor: orNull(profile.lookingFor), email: profile.email, phone: profile.phone };
	}
	const lines = profile.shareLines ? { offer: orNull(profile.offer), lookingFor: orNull(profile.lookingFor) } : { offer: null, lookingFor: null };
	if (viewer === 'here') return { ...NOTHING, ...lines };
	return {
		...lines,
		initiative: profile.shareInitiative ? orNull(profile.initiative) : null,
		email: profile.shareEmail ? profile.email : null,
		phone: profile.sharePhone ? profile.phone : null
	};
}
