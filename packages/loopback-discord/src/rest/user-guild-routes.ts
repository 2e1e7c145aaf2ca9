import { Errors } from '../api-errors.ts';
import { isThread } from '../permissions.ts';
import { isObject } from '../json.ts';
import { channelPayload, guildPayload, memberPayload, privateChannelPayload } from '../world/payloads.ts';
import type { ChannelRecord } from '../world/records.ts';
import { route, type RestContext, type RouteDefinition } from './routes.ts';

/** The bot user, other users, opening a DM, leaving a guild, and reading guilds, their channels, roles and members. */
export function userGuildRoutes(ctx: RestContext): RouteDefinition[] {
  const { world } = ctx;
  return [
    route('GET', '/users/@me', () => ({ status: 200, body: { ...world.botUser, email: null } })),
    route('GET', '/users/:user_id', (r) => {
      const user = world.user(r.params.user_id!);
      return user ? { status: 200, body: user } : Errors.unknownUser();
    }),
    route('POST', '/users/@me/channels', (r) => {
      const recipient = isObject(r.body) ? r.body.recipient_id : undefined;
      const user = typeof recipient === 'string' ? world.user(recipient) : undefined;
      if (!user || user.id === world.applicationId) return Errors.unknownUser();
      return { status: 200, body: privateChannelPayload(world, world.botDm(user.id)) };
    }),
    route('DELETE', '/users/@me/guilds/:guild_id', (r) => {
      if (!world.guild(r.params.guild_id!)) return Errors.unknownGuild();
      world.removeBotFromGuild(r.params.guild_id!);
      return { status: 204 };
    }),
    route('GET', '/guilds/:guild_id', (r) => {
      const guild = world.guild(r.params.guild_id!);
      if (!guild) return Errors.unknownGuild();
      const counts =
        r.query.get('with_counts') === 'true'
          ? { approximate_member_count: guild.members.size, approximate_presence_count: 0 }
          : {};
      return { status: 200, body: { ...guildPayload(world, guild), ...counts } };
    }),
    route('GET', '/guilds/:guild_id/channels', (r) => {
      const guild = world.guild(r.params.guild_id!);
      if (!guild) return Errors.unknownGuild();
      const channels = guild.channelIds
        .map((id) => world.channels.get(id))
        .filter((c): c is ChannelRecord => c !== undefined && !isThread(c.type));
      return { status: 200, body: channels.map((c) => channelPayload(c)) };
    }),
    route('GET', '/guilds/:guild_id/roles', (r) => {
      const guild = world.guild(r.params.guild_id!);
      if (!guild) return Errors.unknownGuild();
      return { status: 200, body: [...guild.roles.values()] };
    }),
    route('GET', '/guilds/:guild_id/members/:user_id', (r) => {
      const guild = world.guild(r.params.guild_id!);
      if (!guild) return Errors.unknownGuild();
      const member = guild.members.get(r.params.user_id!);
      return member ? { status: 200, body: memberPayload(world, member) } : Errors.unknownMember();
    }),
  ];
}
