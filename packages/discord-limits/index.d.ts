/** Discord's documented limits on what a bot sends. Lengths count Unicode code points. */
export declare const DISCORD_LIMITS: Readonly<{
  /** A message's content. */
  content: number;
  /** Embeds on one message. */
  embeds: number;
  embedTitle: number;
  embedDescription: number;
  /** Fields of one embed. */
  embedFields: number;
  embedFieldName: number;
  embedFieldValue: number;
  embedFooter: number;
  /** An embed author's name. */
  embedAuthor: number;
  embedUrl: number;
  /** Titles, descriptions, field names and values, footers and author names of all a message's embeds together. */
  embedTotal: number;
  /** A message nonce given as a string. */
  nonce: number;
  /** User or role ids listed in allowed_mentions, each. */
  allowedMentionIds: number;
  /** The most messages one GET /channels/:id/messages returns. */
  messagesPerPage: number;
  /** Messages pinned in one channel at once; Discord refuses the next pin. Also the most one GET of pins returns. */
  pinsPerChannel: number;
  threadName: number;
  /** The upload limit of a server without boosts, in bytes. */
  attachmentBytes: number;
  /** Action rows on one message. */
  actionRows: number;
  /** Buttons in one action row; a select menu takes a whole row. */
  rowWidth: number;
  /** A component's or a modal's custom_id. */
  customId: number;
  buttonLabel: number;
  /** Options of one string select menu. */
  selectOptions: number;
  /** A select option's label, value and description, each. */
  selectOptionText: number;
  /** The highest min_values and max_values of a select menu. */
  selectValues: number;
  /** A select menu's placeholder. */
  placeholder: number;
  /** Components of a message flagged IS_COMPONENTS_V2, nested ones included. */
  v2Components: number;
  modalTitle: number;
  /** Top-level components of a modal. */
  modalComponents: number;
  commandName: number;
  /** A command's or an option's description. */
  commandDescription: number;
  /** Options of a command or subcommand. */
  commandOptions: number;
  /** Choices of an option, and the results of one autocomplete answer. */
  choices: number;
  choiceName: number;
  /** A string choice's value. */
  choiceStringValue: number;
  /** Slash commands per scope (global, or one server). */
  chatInputCommands: number;
  /** User commands, and message commands, per scope, each. */
  contextMenuCommands: number;
  /** Names, descriptions and choice names and values of one command together. */
  commandTotal: number;
  /** The largest min_length and max_length of a string option. */
  stringOptionLength: number;
  /** How long a bot has for its first answer to an interaction, in milliseconds. */
  interactionResponseMs: number;
  /** How long an interaction token works for follow-ups and edits, in milliseconds. */
  interactionTokenMs: number;
  /** Requests per second per bot outside the interaction endpoints. */
  globalRequestsPerSecond: number;
  /** Messages a bot may create in one channel per window (as observed; the headers carry the live numbers). */
  channelMessagesPerWindow: number;
  /** That window, in milliseconds. */
  channelMessagesWindowMs: number;
}>;
