/**
 * Checks a command makes before it does anything, shared so that each is written once.
 */
import { PermissionFlagsBits, type BaseInteraction } from 'discord.js';
import { UserError } from './errors.ts';

/**
 * A definition's setting that shows the command only to members with Manage Server;
 * a server can grant it to others, so the handler still checks {@link requireManageServer}.
 */
export const MANAGE_SERVER_ONLY = { default_member_permissions: PermissionFlagsBits.ManageGuild.toString() };

/**
 * Passes a command (or a button press) in a server by a member with Manage Server, and returns the
 * server's id; refuses anything else (a crafted interaction can claim to be anywhere)
 * with the command's own words.
 */
export function requireManageServer(
  interaction: BaseInteraction,
  refusals: { outsideServer: string; notManager: string },
): string {
  if (!interaction.inGuild()) throw new UserError(refusals.outsideServer, 'not-in-server');
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild))
    throw new UserError(refusals.notManager, 'not-moderator');
  return interaction.guildId;
}

/**
 * The server whose own content an autocomplete may show: the interaction's, when the
 * member has Manage Server there; otherwise null (autocomplete skips the command's checks,
 * so a server's own texts are offered to its managers alone).
 */
export function managedServerId(interaction: BaseInteraction): string | null {
  return interaction.inGuild() && interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)
    ? interaction.guildId
    : null;
}
