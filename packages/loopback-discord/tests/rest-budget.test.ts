import { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { LoopbackDiscord } from '../src/index.ts';

const TOKEN = 'MTE5OTk5OTk5OTk5OTk5OTk5.Gbudget.loopback-rest-budget-token';

describe('one global REST budget per bot token', () => {
  it('GIVEN two processes each pacing itself under the global limit THEN together they run into it: the budget is the token’s, not a connection’s', async () => {
    // A low limit, so that the bursts fall in one window even on a loaded machine.
    const discord = await LoopbackDiscord.start({ token: TOKEN, rateLimits: { globalPerSecond: 20 } });
    try {
      const guild = discord.addGuild({ name: 'Budget', channels: [{ name: 'general' }] });
      const routes = [
        Routes.user('@me'),
        Routes.currentApplication(),
        Routes.guild(guild.id),
        Routes.channel(guild.channels[0]!.id),
      ] as const;
      // Each REST has its own connections and its own count of the budget, as a process has.
      const process = () => new REST({ api: discord.apiUrl, globalRequestsPerSecond: 20 }).setToken(TOKEN);
      const burst = (rest: REST, n: number) =>
        Promise.all(Array.from({ length: n }, (_, i) => rest.get(routes[i % routes.length]!)));
      await burst(process(), 15);
      expect(discord.stats.rateLimited).toBe(0);

      await new Promise((r) => setTimeout(r, 1100)); // a fresh global window
      const answers = await Promise.all([burst(process(), 15), burst(process(), 15)]);
      expect(answers.flat()).toHaveLength(30); // all got through in the end, after waiting out the 429s
      expect(discord.stats.rateLimited).toBeGreaterThan(0);
    } finally {
      await discord.close();
    }
  });
});
