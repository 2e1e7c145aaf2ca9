import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { Errors, apiError, invalidForm, type Answer } from '../api-errors.ts';
import { APPLICATION_FLAGS } from '../gateway.ts';
import { isObject, type Json } from '../json.ts';
import { validateCommand, validateCommandList } from '../validation/command-definition.ts';
import type { World } from '../world/world.ts';
import { route, type RestContext, type RestRequest, type RouteDefinition } from './routes.ts';

/** The application (GET /applications/@me) and its commands, global and per guild. */
export function applicationRoutes(ctx: RestContext): RouteDefinition[] {
  const { world } = ctx;
  const routes = [route('GET', '/applications/@me', () => ({ status: 200, body: applicationPayload(world) }))];
  for (const scoped of [false, true]) routes.push(...commandRoutes(world, scoped));
  return routes;
}

/** List, bulk overwrite, create, read, edit and delete the commands of one scope. */
function commandRoutes(world: World, scoped: boolean): RouteDefinition[] {
  const base = scoped
    ? '/applications/:application_id/guilds/:guild_id/commands'
    : '/applications/:application_id/commands';
  const scopeOf = (r: RestRequest): string | Answer => {
    if (r.params.application_id !== world.applicationId) return Errors.missingAccess();
    if (!scoped) return 'global';
    return world.guild(r.params.guild_id!) ? r.params.guild_id! : Errors.missingAccess();
  };
  return [
    route('GET', base, (r) => {
      const scope = scopeOf(r);
      if (typeof scope !== 'string') return scope;
      return { status: 200, body: [...world.commands.scope(scope).values()] };
    }),
    route('PUT', base, (r) => {
      const scope = scopeOf(r);
      if (typeof scope !== 'string') return scope;
      const errors = validateCommandList(r.body);
      if (!errors.empty) return invalidForm(errors);
      const existing = [...world.commands.scope(scope).values()];
      world.commands.clear(scope);
      const saved = (r.body as Json[]).map((c) =>
        world.commands.upsert(
          scope,
          c,
          existing.find((e) => e.name === c.name && e.type === ((c.type as number | undefined) ?? 1)),
        ),
      );
      return { status: 200, body: saved };
    }),
    route('POST', base, (r) => {
      const scope = scopeOf(r);
      if (typeof scope !== 'string') return scope;
      const errors = validateCommand(r.body);
      if (!errors.empty) return invalidForm(errors);
      const body = r.body as Json;
      const type = (body.type as number | undefined) ?? 1;
      const existing = [...world.commands.scope(scope).values()].find((c) => c.name === body.name && c.type === type);
      if (
        !existing &&
        [...world.commands.scope(scope).values()].filter((c) => c.type === type).length >=
          (type === 1 ? DISCORD_LIMITS.chatInputCommands : DISCORD_LIMITS.contextMenuCommands)
      ) {
        return apiError(400, 30032, 'Maximum number of application commands reached');
      }
      if (existing) world.commands.scope(scope).delete(existing.id);
      return { status: existing ? 200 : 201, body: world.commands.upsert(scope, body, existing) };
    }),
    route('GET', `${base}/:command_id`, (r) => {
      const scope = scopeOf(r);
      if (typeof scope !== 'string') return scope;
      const command = world.commands.scope(scope).get(r.params.command_id!);
      return command ? { status: 200, body: command } : Errors.unknownCommand();
    }),
    route('PATCH', `${base}/:command_id`, (r) => {
      const scope = scopeOf(r);
      if (typeof scope !== 'string') return scope;
      const existing = world.commands.scope(scope).get(r.params.command_id!);
      if (!existing) return Errors.unknownCommand();
      if (!isObject(r.body)) return Errors.invalidJson();
      const merged = { ...structuredClone(existing), ...r.body } as Json;
      const errors = validateCommand(merged);
      if (!errors.empty) return invalidForm(errors);
      world.commands.scope(scope).delete(existing.id);
      return { status: 200, body: world.commands.upsert(scope, merged, existing) };
    }),
    route('DELETE', `${base}/:command_id`, (r) => {
      const scope = scopeOf(r);
      if (typeof scope !== 'string') return scope;
      if (!world.commands.scope(scope).delete(r.params.command_id!)) return Errors.unknownCommand();
      return { status: 204 };
    }),
  ];
}

/** The application object Discord returns to its bot. */
function applicationPayload(world: World): Json {
  const guilds = [...world.guilds.values()].filter((g) => g.botPresent).length;
  return {
    id: world.applicationId,
    name: world.applicationName,
    icon: null,
    description: '',
    summary: '',
    type: null,
    hook: true,
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: '0'.repeat(64),
    flags: APPLICATION_FLAGS,
    owner: {
      id: world.ids.next(),
      username: 'loopback-owner',
      discriminator: '0',
      global_name: null,
      avatar: null,
      public_flags: 0,
      flags: 0,
    },
    team: null,
    bot: { ...world.botUser },
    approximate_guild_count: guilds,
    approximate_user_install_count: world.userInstalls.size,
    redirect_uris: [],
    interactions_endpoint_url: null,
    role_connections_verification_url: null,
    event_webhooks_url: null,
    event_webhooks_status: 1,
    tags: [],
    integration_types_config: Object.fromEntries(
      world.installationContexts.map((type) => [
        String(type),
        // A user install adds commands only; a bot user joins servers alone.
        {
          oauth2_install_params: {
            scopes: type === 0 ? ['applications.commands', 'bot'] : ['applications.commands'],
            permissions: '0',
          },
        },
      ]),
    ),
    install_params: { scopes: ['applications.commands', 'bot'], permissions: '0' },
  };
}
