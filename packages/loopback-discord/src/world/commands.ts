import { ApplicationCommandType, type APIApplicationCommand } from 'discord-api-types/v10';
import type { SnowflakeGenerator } from '../snowflake.ts';

/**
 * The bot's application commands per scope ('global' or a guild id), stored as
 * Discord returns them.
 */
export class CommandRegistry {
  private readonly scopes = new Map<string, Map<string, APIApplicationCommand>>();

  constructor(
    private readonly ids: SnowflakeGenerator,
    private readonly applicationId: string,
    /** Anything changed: waiters re-check. */
    private readonly changed: () => void,
  ) {}

  /** The live commands of a scope by id, created empty on first use. */
  scope(scope: string): Map<string, APIApplicationCommand> {
    let map = this.scopes.get(scope);
    if (!map) {
      map = new Map();
      this.scopes.set(scope, map);
    }
    return map;
  }

  /** Forgets every command of a scope, as a bulk overwrite does before storing the new list. */
  clear(scope: string): void {
    this.scopes.set(scope, new Map());
  }

  /**
   * Stores a command as Discord returns it. An existing command with the same name and
   * type keeps its id (Discord updates rather than recreates), and gets a new version.
   */
  upsert(scope: string, body: Record<string, unknown>, keepIdOf?: APIApplicationCommand): APIApplicationCommand {
    const type = (body.type as number | undefined) ?? ApplicationCommandType.ChatInput;
    const guildId = scope === 'global' ? undefined : scope;
    const dmp = body.default_member_permissions;
    const command = {
      id: keepIdOf?.id ?? this.ids.next(),
      application_id: this.applicationId,
      version: this.ids.next(),
      default_member_permissions: dmp === undefined || dmp === null ? null : String(dmp),
      type,
      name: body.name as string,
      name_localizations: (body.name_localizations as Record<string, string> | undefined) ?? null,
      description: type === ApplicationCommandType.ChatInput ? (body.description as string) : '',
      description_localizations: (body.description_localizations as Record<string, string> | undefined) ?? null,
      ...(guildId ? { guild_id: guildId } : { dm_permission: body.dm_permission !== false }),
      ...(Array.isArray(body.options) && body.options.length > 0 ? { options: structuredClone(body.options) } : {}),
      nsfw: body.nsfw === true,
      integration_types: (body.integration_types as number[] | undefined) ?? [0],
      contexts: (body.contexts as number[] | null | undefined) ?? null,
    } as unknown as APIApplicationCommand;
    this.scope(scope).set(command.id, command);
    this.changed();
    return command;
  }

  /** Copies of the commands in a scope, in registration order. */
  list(scope: string): APIApplicationCommand[] {
    return [...(this.scopes.get(scope)?.values() ?? [])].map((c) => structuredClone(c));
  }

  /** A command registered globally or in the guild (none: global only), by name, guild commands first. */
  find(
    guildId: string | undefined,
    name: string,
    type = ApplicationCommandType.ChatInput,
  ): APIApplicationCommand | undefined {
    for (const scope of guildId === undefined ? ['global'] : [guildId, 'global']) {
      for (const c of this.scopes.get(scope)?.values() ?? []) if (c.name === name && c.type === type) return c;
    }
    return undefined;
  }

  /** "/name" of every command a guild (none: a DM) can run, its own first, for a test's error message. */
  names(guildId: string | undefined): string[] {
    const own = guildId === undefined ? [] : [...(this.scopes.get(guildId)?.values() ?? [])];
    return [...own, ...(this.scopes.get('global')?.values() ?? [])].map((c) => `/${c.name}`);
  }
}
