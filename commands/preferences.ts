import type { ContentPack } from '../src/content/content-pack.ts';
import { answerComponent, toReplyOptions } from '../src/discord/respond.ts';
import { memberCommand, type SlashCommand } from '../src/discord/slash-command.ts';
import {
  chooseContentNotes,
  chooseExcludedThemes,
  preferencesOf,
  resetPreferences,
} from '../src/members/member-choices.ts';
import { preferencesReply } from '../src/replies/member-data.ts';

const definition = ({ strings }: Pick<ContentPack, 'strings'>) =>
  memberCommand('preferences', strings.t('commands.preferences.description'));

/** /preferences: a private panel of the member's own choices, the same in every server and DM. */
export const preferences: SlashCommand = {
  name: 'preferences',
  definition,
  async execute(interaction, ctx) {
    const prefs = await preferencesOf(ctx, interaction.user.id);
    await interaction.reply(toReplyOptions(preferencesReply(ctx.content, prefs)));
  },
  components: ['preferences-themes', 'preferences-notes', 'preferences-reset'],
  async component(interaction, action, ctx) {
    const userId = interaction.user.id;
    let prefs;
    if (action.kind === 'preferences-themes')
      prefs = await chooseExcludedThemes(ctx, userId, interaction.isStringSelectMenu() ? interaction.values : []);
    else if (action.kind === 'preferences-notes') prefs = await chooseContentNotes(ctx, userId, action.on);
    else if (action.kind === 'preferences-reset') prefs = await resetPreferences(ctx, userId);
    else return;
    const chosen = prefs;
    await answerComponent(interaction, () => preferencesReply(ctx.content, chosen));
  },
};
