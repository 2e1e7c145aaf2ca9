/**
 * Discord's documented limits on what a bot sends, the one copy the bot's content
 * validation and reply builders, the loopback Discord and the tests all read. Plain
 * JavaScript, so tsx, vitest and plain node load it as it is, with no build step;
 * index.d.ts gives its type and says what each limit counts.
 */
export const DISCORD_LIMITS = Object.freeze({
  // Messages. Lengths are in characters (Unicode code points).
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooter: 2048,
  embedAuthor: 256,
  embedUrl: 2048,
  embedTotal: 6000,
  nonce: 25,
  allowedMentionIds: 100,
  messagesPerPage: 100,
  pinsPerChannel: 50,
  threadName: 100,
  attachmentBytes: 10 * 1024 * 1024,

  // Components and modals.
  actionRows: 5,
  rowWidth: 5,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  selectOptionText: 100,
  selectValues: 25,
  placeholder: 150,
  v2Components: 40,
  modalTitle: 45,
  modalComponents: 5,

  // Application commands.
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
  choices: 25,
  choiceName: 100,
  choiceStringValue: 100,
  chatInputCommands: 100,
  contextMenuCommands: 15,
  commandTotal: 4000,
  stringOptionLength: 6000,

  // Interactions.
  interactionResponseMs: 3000,
  interactionTokenMs: 15 * 60 * 1000,

  // Rate limits.
  globalRequestsPerSecond: 50,
  channelMessagesPerWindow: 5,
  channelMessagesWindowMs: 5000,
});
