import type Keyv from 'keyv';

/** The prompt rotation of a channel (see daily/prompt-rotation.ts). */
export interface RotationRecord {
  cycle: number;
  used: string[];
}

/** Records carry a schema version so later releases can migrate them. */
const ROTATION_VERSION = 1;

/** Each channel's prompt rotation, as Keyv records keyed "rotation:<channelId>". */
export class Rotations {
  constructor(private readonly keyv: Keyv) {}

  /** The channel's rotation; a channel that never posted starts at the first cycle. */
  async get(channelId: string): Promise<RotationRecord> {
    const record = await this.keyv.get<RotationRecord & { v: number }>(`rotation:${channelId}`);
    return record?.v === ROTATION_VERSION ? { cycle: record.cycle, used: record.used } : { cycle: 0, used: [] };
  }

  async save(channelId: string, state: RotationRecord): Promise<void> {
    await this.keyv.set(`rotation:${channelId}`, { v: ROTATION_VERSION, ...state });
  }

  async delete(channelId: string): Promise<void> {
    await this.keyv.delete(`rotation:${channelId}`);
  }
}
