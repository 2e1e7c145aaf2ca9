/**
 * Every text the bot says, by key: the placeholders the code fills in, whether the text
 * has plural forms, and the Discord limit of where it goes. The wording itself lives in
 * content/strings.yaml; this list is what the code and that file are checked against, so
 * a misspelled key or placeholder fails the type check, and a text that uses another
 * placeholder or is too long fails validation.
 */
import { DISCORD_LIMITS } from '@reconnect/discord-limits';

/** What the code expects of one text. */
export interface StringSpec {
  /** The placeholders the code fills in; the text must use each and no other. */
  readonly params?: readonly string[];
  /** The text has forms by plural category (`one`, `other`…), chosen by its `count`. */
  readonly plural?: true;
  /** The most characters Discord takes where the text goes, placeholders counted at {@link PLACEHOLDER_WIDTHS}. */
  readonly max?: number;
}

const L = DISCORD_LIMITS;
const description = { max: L.commandDescription } as const;
const button = { max: L.buttonLabel } as const;

/** The keys of content/strings.yaml, as the code uses them. */
export const STRING_KEYS = {
  'commands.share': description,
  'commands.article.description': description,
  'commands.article.section': description,
  'commands.reflect.description': description,
  'commands.reflect.theme': description,
  'commands.reflect.share': description,
  'commands.tips.description': description,
  'commands.tips.tip': description,
  'commands.about.description': description,
  'commands.smallwins.description': description,
  'commands.smallwins.enable.description': description,
  'commands.smallwins.enable.channel': description,
  'commands.smallwins.enable.time': description,
  'commands.smallwins.enable.timezone': description,
  'commands.smallwins.enable.role': description,
  'commands.smallwins.enable.thread': description,
  'commands.smallwins.disable.description': description,
  'commands.smallwins.disable.channel': description,
  'commands.smallwins.status.description': description,
  'commands.smallwins.preview.description': description,
  'commands.smallwins.preview.channel': description,
  'commands.smallwins.postNow.description': description,
  'commands.smallwins.postNow.channel': description,

  'errors.unexpected': { params: ['ref'] },
  'errors.unknownCommand': {},
  'errors.unknownSubcommand': {},
  'errors.staleComponent': {},
  'errors.unansweredComponent': {},
  'errors.foreignChannel': {},

  'about.title': { max: L.embedTitle },
  'about.description': { params: ['commands'] },
  'about.commands.article': { params: ['title'] },
  'about.commands.reflect': {},
  'about.commands.tips': { params: ['count'], plural: true },
  'about.commands.smallwins': {},
  'about.commands.about': {},

  'article.title': { max: Math.min(L.embedTitle, L.embedAuthor) },
  'article.sectionLabel': { params: ['number', 'title'], max: L.embedTitle },
  'article.contents.intro': { params: ['count'], plural: true },
  'article.contents.footer': { max: L.embedFooter },
  'article.contents.menu': { max: L.placeholder },
  'article.section.footer': { params: ['number', 'total', 'next'], max: L.embedFooter },
  'article.section.lastFooter': { params: ['number', 'total'], max: L.embedFooter },
  'article.section.previous': button,
  'article.section.contents': button,
  'article.section.next': button,
  'article.errors.sections': { params: ['sections'] },
  'article.errors.sectionGone': { params: ['sections'] },
  'article.errors.pickFromMenu': {},
  'article.errors.unknown': { params: ['sections'] },
  'article.errors.unknownNamed': { params: ['typed', 'sections'] },
  'article.errors.ambiguous': { params: ['typed', 'matches', 'number'] },

  'reflect.title': { max: L.embedTitle },
  'reflect.footer': { params: ['theme'], max: L.embedFooter },
  'reflect.another': button,
  'reflect.errors.unknownTheme': { params: ['theme', 'themes'] },

  'tips.label': { params: ['number', 'title'], max: L.embedFieldName },
  'tips.overview.title': { params: ['count'], plural: true, max: L.embedTitle },
  'tips.overview.footer': { max: L.embedFooter },
  'tips.tip.footer': { params: ['number', 'total'], max: L.embedFooter },
  'tips.errors.unknownId': { params: ['tip', 'tips'] },
  'tips.errors.unknown': { params: ['typed', 'tips'] },
  'tips.errors.ambiguous': { params: ['typed', 'matches', 'number'] },

  'daily.post.title': { params: ['date'], max: L.embedTitle },
  'daily.post.testTitle': { params: ['date'], max: L.embedTitle },
  'daily.post.footer': { params: ['localDate'], max: L.embedFooter },
  'daily.threadName': { params: ['date'], max: L.threadName },
  'daily.problems.missingPermissions': { params: ['permissions'] },
  'daily.problems.threadNotStarted': { params: ['reason'] },
  'daily.problems.retrying': { params: ['reason'] },
  'daily.problems.failed': { params: ['reason'] },

  'permissions.viewChannel': {},
  'permissions.sendMessages': {},
  'permissions.embedLinks': {},
  'permissions.createPublicThreads': {},
  'permissions.sendMessagesInThreads': {},
  'permissions.mentionEveryone': {},

  'smallwins.errors.outsideServer': {},
  'smallwins.errors.notManager': {},
  'smallwins.errors.notPostable': {},
  'smallwins.errors.badTime': { params: ['time'] },
  'smallwins.errors.badZone': { params: ['zone', 'suggestions'] },
  'smallwins.errors.unknownZone': { params: ['zone'] },
  'smallwins.errors.everyoneRole': {},
  'smallwins.errors.channelNotVisible': {},
  'smallwins.errors.missingPermissions': { params: ['channel', 'permissions'] },
  'smallwins.errors.notOn': { params: ['channel'] },
  'smallwins.errors.whichChannel': { params: ['channels'] },
  'smallwins.notOnAnywhere': {},
  'smallwins.settings.schedule': { params: ['time', 'zone'] },
  'smallwins.settings.mentionsRole': { params: ['role'] },
  'smallwins.settings.mentionsNobody': {},
  'smallwins.settings.thread': {},
  'smallwins.settings.noThread': {},
  'smallwins.enabled.on': { params: ['channel', 'settings'] },
  'smallwins.enabled.updated': { params: ['channel', 'settings'] },
  'smallwins.enabled.next': { params: ['time', 'relative'] },
  'smallwins.enabled.hint': {},
  'smallwins.disabled.off': { params: ['channel'] },
  'smallwins.disabled.dismissed': { params: ['channel'] },
  'smallwins.disabled.wasOff': { params: ['channel'] },
  'smallwins.status.title': { params: ['count'], plural: true, max: L.embedTitle },
  'smallwins.status.entry': { params: ['number'], max: L.embedFieldName },
  'smallwins.status.more': { params: ['count'], max: L.embedFooter },
  'smallwins.status.channel': { params: ['channel', 'settings'] },
  'smallwins.status.next': { params: ['time', 'relative'] },
  'smallwins.status.notScheduled': {},
  'smallwins.status.last': { params: ['time'] },
  'smallwins.status.neverPosted': {},
  'smallwins.status.switchedOff': { params: ['time', 'days', 'reason'] },
  'smallwins.status.grant': { params: ['permissions', 'channel'] },
  'smallwins.status.roleGone': {},
  'smallwins.status.problem': { params: ['problem', 'date'] },
  'smallwins.status.refusedDays': { params: ['count', 'days'] },
  'smallwins.preview.due': { params: ['channel', 'time', 'relative'] },
  'smallwins.preview.unscheduled': { params: ['channel'] },
  'smallwins.postedNow.scheduled': { params: ['channel', 'time', 'relative'] },
  'smallwins.postedNow.unscheduled': { params: ['channel'] },

  'contribute.commands.suggest.description': description,
  'contribute.commands.suggest.kind': description,
  'contribute.commands.suggest.prompt': { max: L.choiceName },
  'contribute.commands.suggest.question': { max: L.choiceName },
  'contribute.commands.suggest.theme': description,
  'contribute.commands.suggest.text': description,
  'contribute.commands.review.description': description,
  'contribute.commands.review.channel': description,
  'contribute.commands.reviewOff.description': description,
  'contribute.form.promptTitle': { max: L.modalTitle },
  'contribute.form.questionTitle': { max: L.modalTitle },
  'contribute.form.suggestionLabel': { max: 45 },
  'contribute.form.winTitle': { max: L.modalTitle },
  'contribute.form.winLabel': { max: 45 },
  'contribute.form.winPlaceholder': { max: L.placeholder },
  'contribute.shareButton': button,
  'contribute.review.promptTitle': { max: L.embedTitle },
  'contribute.review.questionTitle': { params: ['theme'], max: L.embedTitle },
  'contribute.review.winTitle': { max: L.embedTitle },
  'contribute.review.suggestedBy': { max: L.embedFieldName },
  'contribute.review.winFooter': { max: L.embedFooter },
  'contribute.review.approve': button,
  'contribute.review.reject': button,
  'contribute.review.block': button,
  'contribute.review.decision': { max: L.embedFieldName },
  'contribute.review.approved': { params: ['moderator', 'time'], max: L.embedFieldValue },
  'contribute.review.rejected': { params: ['moderator', 'time'], max: L.embedFieldValue },
  'contribute.shared': { params: ['text'] },
  'contribute.sent.prompt': {},
  'contribute.sent.question': {},
  'contribute.sent.win': {},
  'contribute.blocked': {},
  'contribute.alreadyBlocked': {},
  'contribute.reviewSet': { params: ['channel'] },
  'contribute.reviewOff': {},
  'contribute.reviewWasOff': {},
  'contribute.errors.outsideServer': {},
  'contribute.errors.suggestionsOff': {},
  'contribute.errors.sharesOff': {},
  'contribute.errors.notManager': {},
  'contribute.errors.empty': {},
  'contribute.errors.tooLong': { params: ['length', 'max'] },
  'contribute.errors.themeNeeded': {},
  'contribute.errors.pendingLimit': { params: ['max'] },
  'contribute.errors.duplicatePrompt': {},
  'contribute.errors.duplicateQuestion': {},
  'contribute.errors.shareLimit': { params: ['max'] },
  'contribute.errors.blocked': {},
  'contribute.errors.alreadyApproved': { params: ['moderator', 'time'] },
  'contribute.errors.alreadyRejected': { params: ['moderator', 'time'] },
  'contribute.errors.gone': {},
  'contribute.errors.notAnonymous': {},
  'contribute.errors.senderForgotten': {},
  'contribute.errors.reviewUnreachable': {},
  'contribute.errors.postFailed': { params: ['channel'] },
  'contribute.errors.poolFullPrompts': { params: ['limit'] },
  'contribute.errors.poolFullQuestions': { params: ['limit'] },
  'contribute.errors.reviewNotText': {},
  'contribute.errors.reviewMissingPermissions': { params: ['channel', 'permissions'] },

  'zones.named': { params: ['input', 'name'] },
  'zones.unnamed': { params: ['input'] },
  'zones.notCity': { params: ['zone', 'offsets'] },
  'zones.notCityLinked': { params: ['zone', 'offsets', 'link'] },
  'zones.abbreviation': { params: ['zone'] },
  'zones.useCity': { params: ['zones'] },
  'zones.useAnyCity': {},
  'zones.sameAllYear': { params: ['input', 'zone'] },
  'zones.fixedOffset': { params: ['offset'] },
  'zones.summerOffset': { params: ['standard', 'summer'] },
  'zones.names.est': {},
  'zones.names.edt': {},
  'zones.names.est5edt': {},
  'zones.names.cst': {},
  'zones.names.cdt': {},
  'zones.names.cst6cdt': {},
  'zones.names.mst': {},
  'zones.names.mdt': {},
  'zones.names.mst7mdt': {},
  'zones.names.pst': {},
  'zones.names.pdt': {},
  'zones.names.pst8pdt': {},
  'zones.names.alaska': {},
  'zones.names.hst': {},
  'zones.names.atlantic': {},
  'zones.names.newfoundland': {},
  'zones.names.gmt': {},
  'zones.names.bst': {},
  'zones.names.ist': {},
  'zones.names.wet': {},
  'zones.names.cet': {},
  'zones.names.eet': {},
  'zones.names.msk': {},
  'zones.names.sast': {},
  'zones.names.wat': {},
  'zones.names.eat': {},
  'zones.names.jst': {},
  'zones.names.kst': {},
  'zones.names.hkt': {},
  'zones.names.sgt': {},
  'zones.names.australianEastern': {},
  'zones.names.australianCentral': {},
  'zones.names.awst': {},
  'zones.names.newZealand': {},
} as const satisfies Record<string, StringSpec>;

type Specs = typeof STRING_KEYS;

/** A key of content/strings.yaml. */
export type StringKey = keyof Specs;

/** The placeholders of a key's text. */
export type Placeholder<K extends StringKey> = Specs[K] extends { params: readonly (infer P extends string)[] } ? P : never;

/** The values a key's placeholders take; `count` (which picks a plural form) is a number. */
export type StringValues<K extends StringKey> = { readonly [P in Placeholder<K>]: P extends 'count' ? number : string | number };

/** What follows the key in a lookup: the values, when the text has placeholders. */
export type StringArgs<K extends StringKey> = [Placeholder<K>] extends [never] ? [] : [values: StringValues<K>];

/**
 * The longest value the bot puts in a placeholder of a text that has a Discord limit, so a
 * text that passes validation fits whatever it is filled with: numbers of sections and
 * tips (at most 25), titles (at most 100, as the content pack checks), dates in any locale.
 */
export const PLACEHOLDER_WIDTHS: Readonly<Record<string, number>> = {
  number: 3,
  total: 3,
  count: 6,
  title: L.selectOptionText,
  next: L.selectOptionText,
  theme: L.choiceName,
  date: 40,
  localDate: 'YYYY-MM-DD'.length,
  /** A user mention, <@ and up to 20 digits >, and a Discord timestamp, <t:…:R>. */
  moderator: 23,
  time: 20,
};
