import { ApplicationCommandOptionType, MessageFlags } from 'discord.js';
import type { ContentPack } from '../src/content/content-pack.ts';
import { MAX_LENGTH } from '../src/contribute/rules.ts';
import type { SuggestionKind } from '../src/contribute/index.ts';
import { readOptions } from '../src/discord/command-options.ts';
import { UserError } from '../src/discord/errors.ts';
import { requireManageServer } from '../src/discord/preconditions.ts';
import { NO_MENTIONS, toUpdateOptions } from '../src/discord/respond.ts';
import { serverCommand, type BotContext, type SlashCommand } from '../src/discord/slash-command.ts';
import { FORM_TEXT_FIELD, suggestionForm, winForm } from '../src/replies/contribute.ts';

const definition = ({ themes, strings }: Pick<ContentPack, 'themes' | 'strings'>) =>
  serverCommand('suggest', strings.t('contribute.commands.suggest.description'), [
    {
      type: ApplicationCommandOptionType.String,
      name: 'kind',
      description: strings.t('contribute.commands.suggest.kind'),
      required: true,
      choices: [
        { name: strings.t('contribute.commands.suggest.prompt'), value: 'prompt' },
        { name: strings.t('contribute.commands.suggest.question'), value: 'question' },
      ],
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'theme',
      description: strings.t('contribute.commands.suggest.theme'),
      choices: themes.map((t) => ({ name: t.name, value: t.id })),
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'text',
      description: strings.t('contribute.commands.suggest.text'),
      max_length: MAX_LENGTH.prompt,
    },
  ]);

/** The server a member acts in; submissions belong to a server. */
function serverOf(interaction: { inGuild(): boolean; guildId: string | null }, ctx: BotContext): string {
  if (!interaction.inGuild() || !interaction.guildId)
    throw new UserError(ctx.content.strings.t('contribute.errors.outsideServer'), 'not-in-server');
  return interaction.guildId;
}

/** Reviewing takes Manage Server; anyone else is refused privately and nothing changes. */
function moderatorOf(interaction: Parameters<typeof requireManageServer>[0], ctx: BotContext): string {
  const { t } = ctx.content.strings;
  return requireManageServer(interaction, {
    outsideServer: t('contribute.errors.outsideServer'),
    notManager: t('contribute.errors.notManager'),
  });
}

/**
 * /suggest kind [theme] [text]: a member suggests a daily prompt or a reflection question
 * for moderators to review (without text, a form asks for it). Also answers the review
 * buttons (Approve, Reject, Block this sender), the daily post's "Share a small win
 * anonymously" button, and both forms.
 */
export const suggest: SlashCommand = {
  name: 'suggest',
  definition,
  async execute(interaction, ctx) {
    const { kind, theme, text } = readOptions(interaction, definition(ctx.content));
    const guildId = serverOf(interaction, ctx);
    const suggestionKind: SuggestionKind = kind === 'question' ? 'question' : 'prompt';
    const themeId = theme ?? null;
    if (text === undefined) {
      // Refuse before the member writes anything they could not send.
      await ctx.contribute.checkCanSuggest(guildId, interaction.user.id, suggestionKind, themeId);
      await interaction.showModal(
        suggestionForm(ctx.content.strings, suggestionKind, themeId, MAX_LENGTH[suggestionKind]),
      );
      return;
    }
    const send = await ctx.contribute.suggest({
      guildId,
      authorId: interaction.user.id,
      kind: suggestionKind,
      themeId,
      text,
    });
    // Posting for review can wait on the channel's rate limit: answer first.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await interaction.editReply({ content: await send(), allowedMentions: NO_MENTIONS });
  },
  components: [
    'contribute-decide',
    'contribute-block',
    'contribute-share',
    'contribute-suggest-form',
    'contribute-share-form',
  ],
  async component(interaction, action, ctx) {
    if (action.kind === 'contribute-decide') {
      const guildId = moderatorOf(interaction, ctx);
      // Approving a small win posts it, which can wait on a rate limit: acknowledge first.
      await interaction.deferUpdate();
      const reply = await ctx.contribute.decide({
        guildId,
        submissionId: action.submissionId,
        decision: action.decision,
        moderatorId: interaction.user.id,
      });
      await interaction.editReply(toUpdateOptions(reply));
    } else if (action.kind === 'contribute-block') {
      const guildId = moderatorOf(interaction, ctx);
      const answer = await ctx.contribute.block({
        guildId,
        submissionId: action.submissionId,
        moderatorId: interaction.user.id,
      });
      await interaction.reply({ content: answer, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    } else if (action.kind === 'contribute-share') {
      const guildId = serverOf(interaction, ctx);
      await ctx.contribute.checkCanShare(guildId, interaction.user.id);
      await interaction.showModal(winForm(ctx.content.strings, interaction.message.id, MAX_LENGTH.win));
    }
  },
  async modal(interaction, action, ctx) {
    const guildId = serverOf(interaction, ctx);
    const text = interaction.fields.getTextInputValue(FORM_TEXT_FIELD);
    let send: () => Promise<string>;
    if (action.kind === 'contribute-suggest-form') {
      send = await ctx.contribute.suggest({
        guildId,
        authorId: interaction.user.id,
        kind: action.suggestionKind,
        themeId: action.themeId,
        text,
      });
    } else if (action.kind === 'contribute-share-form') {
      send = await ctx.contribute.share({
        guildId,
        userId: interaction.user.id,
        channelId: interaction.channelId!,
        postId: action.postId,
        text,
      });
    } else return;
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await interaction.editReply({ content: await send(), allowedMentions: NO_MENTIONS });
  },
};
