/**
 * commands/: one file per slash command (a folder for one with subcommands), each its
 * definition as typed data beside thin handlers, the only code that reads an
 * interaction's options: read them, make one call, send its answer.
 */
import type { ContentPack } from '../src/content/content-pack.ts';
import type { SlashCommand } from '../src/discord/slash-command.ts';
import { about } from './about.ts';
import { article } from './article.ts';
import { customize } from './customize/index.ts';
import { mydata } from './mydata/index.ts';
import { preferences } from './preferences.ts';
import { reflect } from './reflect.ts';
import { smallwins } from './smallwins/index.ts';
import { suggest } from './suggest.ts';
import { tips } from './tips.ts';

/** Every slash command, listed explicitly so the set is type-checked and never depends on a folder scan. */
export const commands: readonly SlashCommand[] = [
  article,
  reflect,
  tips,
  about,
  preferences,
  mydata,
  smallwins,
  customize,
  suggest,
];

/** The JSON registered with Discord, in one bulk overwrite. */
export function commandDefinitions(content: ContentPack) {
  return commands.map((c) => c.definition(content));
}
