import { ApplicationIntegrationType, InteractionContextType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../commands/index.ts';
import { DEFAULT_CONTENT_DIR } from '../../src/app/config.ts';
import { loadContent } from '../../src/content/content-pack.ts';
import { registrationPlan } from '../../src/discord/register-commands.ts';

const content = loadContent(DEFAULT_CONTENT_DIR);
const MEMBER_COMMANDS = ['article', 'reflect', 'tips', 'about', 'preferences', 'mydata'];
/** Server-only commands: /smallwins and /customize for moderators, /suggest for members of a server. */
const SERVER_COMMANDS = ['smallwins', 'customize', 'suggest'];
const EVERYWHERE = {
  integration_types: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel],
};
const SERVERS_ONLY = {
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild],
};

describe('registrationPlan', () => {
  it('GIVEN no development server THEN every command goes global: member commands for both installs everywhere, /smallwins for server installs in servers', () => {
    const plan = registrationPlan(commandDefinitions(content), undefined);
    expect(plan.scope).toEqual({ global: true });
    const byName = Object.fromEntries(plan.body.map((c) => [c.name, c]));
    expect(Object.keys(byName)).toEqual([...MEMBER_COMMANDS, ...SERVER_COMMANDS]);
    for (const name of MEMBER_COMMANDS) expect(byName[name], name).toMatchObject(EVERYWHERE);
    for (const name of SERVER_COMMANDS) expect(byName[name], name).toMatchObject(SERVERS_ONLY);
    expect(plan.memberCommands).toEqual(MEMBER_COMMANDS);
    expect(plan.serverCommands).toEqual(SERVER_COMMANDS);
    expect(plan.notes.join('\n')).toContain(
      '/article, /reflect, /tips, /about, /preferences, /mydata: server and user installs',
    );
    expect(plan.notes.join('\n')).not.toMatch(/DISCORD_GUILD_ID/);
  });

  it('GIVEN DISCORD_GUILD_ID THEN everything goes to that server alone, and the notes say user install needs a global registration', () => {
    const plan = registrationPlan(commandDefinitions(content), '123456789012345678');
    expect(plan.scope).toEqual({ guildId: '123456789012345678' });
    expect(plan.body.map((c) => c.name)).toEqual([...MEMBER_COMMANDS, ...SERVER_COMMANDS]);
    expect(plan.notes.join('\n')).toMatch(
      /User install .* needs global commands: run deploy-commands without DISCORD_GUILD_ID/,
    );
  });

  it('counts a command without user install among the server commands', () => {
    const plan = registrationPlan(
      [...commandDefinitions(content), { name: 'later', description: 'A new moderator command', ...SERVERS_ONLY }],
      undefined,
    );
    expect(plan.serverCommands).toEqual([...SERVER_COMMANDS, 'later']);
  });
});
