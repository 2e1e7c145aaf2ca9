import {
  ApplicationCommandOptionType,
  ComponentType,
  type APIApplicationCommand,
  type APIApplicationCommandOption,
} from 'discord-api-types/v10';
import type { Json } from '../json.ts';
import { memberPayload } from '../world/payloads.ts';
import type { AnyChannelRecord, ChannelRecord, GuildRecord } from '../world/records.ts';
import type { World } from '../world/world.ts';

/** Option values a test passes to invoke(): coerced using the registered option types. */
export type OptionValues = Record<string, string | number | boolean>;

const SUBCOMMANDS = new Set<number>([
  ApplicationCommandOptionType.Subcommand,
  ApplicationCommandOptionType.SubcommandGroup,
]);

/**
 * Turns test-friendly values into the typed option tree Discord sends, following
 * the registered definitions, with `resolved` entries for users, roles and channels.
 * Outside a server (`guild` undefined) users resolve without members, and there are no
 * roles or channels to pick.
 */
export function buildOptions(
  world: World,
  command: APIApplicationCommand,
  path: string[],
  values: OptionValues,
  guild: GuildRecord | undefined,
  channel: AnyChannelRecord,
  userId: string,
  focused?: string,
  foreignChannels = false,
): { options: Json[]; resolved: Json; focusedType?: number } {
  let defs = command.options ?? [];
  const wrappers: Json[] = [];
  for (const part of path) {
    const sub = defs.find((d) => d.name === part && SUBCOMMANDS.has(d.type));
    if (!sub)
      throw new Error(
        `/${command.name} has no subcommand or group "${part}" (has: ${
          defs
            .filter((d) => SUBCOMMANDS.has(d.type))
            .map((d) => d.name)
            .join(', ') || 'none'
        })`,
      );
    wrappers.push({ type: sub.type, name: sub.name, options: [] });
    defs = (sub as { options?: APIApplicationCommandOption[] }).options ?? [];
  }
  if (defs.some((d) => SUBCOMMANDS.has(d.type))) {
    throw new Error(`/${[command.name, ...path].join(' ')} needs a subcommand: ${defs.map((d) => d.name).join(', ')}`);
  }
  for (const key of Object.keys(values)) {
    if (!defs.some((d) => d.name === key))
      throw new Error(
        `/${[command.name, ...path].join(' ')} has no option "${key}" (has: ${defs.map((d) => d.name).join(', ') || 'none'})`,
      );
  }
  const resolved: Record<string, Json> = {};
  const add = (kind: string, id: string, value: unknown) => {
    (resolved[kind] ??= {})[id] = value;
  };
  const leaf: Json[] = [];
  let focusedType: number | undefined;
  for (const def of defs) {
    const raw = values[def.name];
    if (raw === undefined) {
      if ((def as { required?: boolean }).required && focused === undefined)
        throw new Error(`/${command.name}: option "${def.name}" is required`);
      continue;
    }
    if (focused === def.name) {
      if (!(def as { autocomplete?: boolean }).autocomplete)
        throw new Error(`/${command.name}: option "${def.name}" has no autocomplete`);
      focusedType = def.type;
      leaf.push({ type: def.type, name: def.name, value: String(raw), focused: true });
      continue;
    }
    leaf.push({
      type: def.type,
      name: def.name,
      value: coerce(world, def, raw, guild, channel, userId, add, foreignChannels),
    });
  }
  let options: Json[] = leaf;
  for (let i = wrappers.length - 1; i >= 0; i--) {
    const w = wrappers[i]!;
    w.options = options;
    options = [w];
  }
  return { options, resolved, ...(focusedType !== undefined ? { focusedType } : {}) };
}

function coerce(
  world: World,
  def: APIApplicationCommandOption,
  raw: string | number | boolean,
  guild: GuildRecord | undefined,
  channel: AnyChannelRecord,
  userId: string,
  add: (kind: string, id: string, value: unknown) => void,
  foreignChannels = false,
): string | number | boolean {
  const where = `option "${def.name}"`;
  switch (def.type) {
    case ApplicationCommandOptionType.String:
      return String(raw);
    case ApplicationCommandOptionType.Integer: {
      const n = Number(raw);
      if (!Number.isSafeInteger(n)) throw new Error(`${where} is an integer; got ${JSON.stringify(raw)}`);
      return n;
    }
    case ApplicationCommandOptionType.Number: {
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new Error(`${where} is a number; got ${JSON.stringify(raw)}`);
      return n;
    }
    case ApplicationCommandOptionType.Boolean:
      if (raw === true || raw === 'true') return true;
      if (raw === false || raw === 'false') return false;
      throw new Error(`${where} is a boolean; got ${JSON.stringify(raw)}`);
    case ApplicationCommandOptionType.User:
      return resolveUser(world, String(raw), guild, channel, add, where);
    case ApplicationCommandOptionType.Channel: {
      const id = String(raw);
      if (!guild) throw new Error(`${where}: channel options can only be filled in a server`);
      const target =
        world.channels.get(id) ??
        [...world.channels.values()].find((c) => c.guild_id === guild.id && c.name === id.replace(/^#/, ''));
      if (!target || (target.guild_id !== guild.id && !foreignChannels))
        throw new Error(`${where}: no channel ${id} in guild ${guild.id}`);
      add('channels', target.id, resolvedChannel(world, target, userId));
      return target.id;
    }
    case ApplicationCommandOptionType.Role: {
      if (!guild) throw new Error(`${where}: role options can only be filled in a server`);
      const role = findRole(guild, String(raw));
      if (!role) throw new Error(`${where}: no role ${String(raw)} in guild ${guild.id}`);
      add('roles', role.id, structuredClone(role));
      return role.id;
    }
    case ApplicationCommandOptionType.Mentionable: {
      const role = guild ? findRole(guild, String(raw)) : undefined;
      if (role) {
        add('roles', role.id, structuredClone(role));
        return role.id;
      }
      return resolveUser(world, String(raw), guild, channel, add, where);
    }
    case ApplicationCommandOptionType.Attachment: {
      // The id of a file the test put on the CDN (LoopbackDiscord.uploadFile).
      const file = world.files.get(String(raw));
      if (!file) throw new Error(`${where}: no uploaded file ${String(raw)}; upload it with uploadFile() first`);
      const url = `${world.cdnBaseUrl}/attachments/${String(raw)}/${encodeURIComponent(file.filename)}`;
      add('attachments', String(raw), {
        id: String(raw),
        filename: file.filename,
        size: file.data.length,
        url,
        proxy_url: url,
        content_type: file.contentType,
      });
      return String(raw);
    }
    default:
      throw new Error(`${where}: option type ${def.type} cannot be driven by invoke()`);
  }
}

function findRole(guild: GuildRecord, idOrName: string) {
  return guild.roles.get(idOrName) ?? [...guild.roles.values()].find((r) => r.name === idOrName.replace(/^@/, ''));
}

function resolveUser(
  world: World,
  id: string,
  guild: GuildRecord | undefined,
  channel: AnyChannelRecord,
  add: (kind: string, id: string, value: unknown) => void,
  where: string,
): string {
  const user = world.user(id);
  if (!user) throw new Error(`${where}: no user ${id}`);
  add('users', id, structuredClone(user));
  const member = guild?.members.get(id);
  if (member) {
    // Resolved members are partial: no user, deaf or mute.
    const { user: _u, deaf: _d, mute: _m, ...partial } = memberPayload(world, member) as unknown as Json;
    add('members', id, { ...partial, permissions: world.permissionsIn(channel.id, id).toString() });
  }
  return id;
}

function resolvedChannel(world: World, c: ChannelRecord, userId: string): Json {
  return {
    id: c.id,
    name: c.name,
    type: c.type,
    permissions: world.permissionsIn(c.id, userId).toString(),
    last_message_id: c.last_message_id,
    nsfw: c.nsfw,
    parent_id: c.parent_id,
    guild_id: c.guild_id,
    flags: c.flags,
    rate_limit_per_user: c.rate_limit_per_user,
    topic: c.topic,
    position: c.position,
    ...(c.thread_metadata ? { thread_metadata: structuredClone(c.thread_metadata) } : {}),
  };
}

/** The `resolved` data of a user, role, mentionable or channel select; none for a string select. */
export function resolveSelectValues(
  world: World,
  type: number,
  values: string[],
  guild: GuildRecord | undefined,
  channel: AnyChannelRecord,
  userId: string,
): Json | undefined {
  if (type === ComponentType.StringSelect) return undefined;
  const resolved: Record<string, Json> = {};
  const add = (kind: string, id: string, value: unknown) => {
    (resolved[kind] ??= {})[id] = value;
  };
  for (const v of values) {
    if (type === ComponentType.UserSelect) resolveUser(world, v, guild, channel, add, 'select value');
    else if (type === ComponentType.RoleSelect) {
      const role = guild?.roles.get(v);
      if (!role) throw new Error(`selectMenu: no role ${v}`);
      add('roles', v, structuredClone(role));
    } else if (type === ComponentType.ChannelSelect) {
      const c = world.channels.get(v);
      if (!c) throw new Error(`selectMenu: no channel ${v}`);
      add('channels', v, resolvedChannel(world, c, userId));
    } else if (guild?.roles.has(v)) add('roles', v, structuredClone(guild.roles.get(v)));
    else resolveUser(world, v, guild, channel, add, 'select value');
  }
  return resolved;
}
