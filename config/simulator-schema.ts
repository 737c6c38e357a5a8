// The embedded demo's Entra simulator. `auto` (default) runs it when no real Entra app is configured, so a fresh
// clone has a tenant to govern; a configured LANTERN_ENTRA_CLIENT_ID turns it off unless LANTERN_SIMULATOR=on.
import { z } from 'zod';

export const SIMULATOR_MODES = ['auto', 'on', 'off'] as const;
export const SIMULATOR_SIZES = ['S', 'M', 'L', 'XL'] as const;

const integer = (min: number, max: number) =>
  z.coerce
    .number({ error: `an integer ${min}-${max}` })
    .int({ error: `an integer ${min}-${max}` })
    .min(min, { error: `an integer ${min}-${max}` })
    .max(max, { error: `an integer ${min}-${max}` });

export const simulatorSchema = z.strictObject({
  mode: z.enum(SIMULATOR_MODES, { error: `one of ${SIMULATOR_MODES.join(', ')}` }).default('auto'),
  /** 0 = any free port. */
  port: integer(0, 65535).default(8443),
  size: z.enum(SIMULATOR_SIZES, { error: `one of ${SIMULATOR_SIZES.join(', ')}` }).default('S'),
  seed: integer(0, 2 ** 31 - 1).default(1),
});

export type SimulatorSettings = z.output<typeof simulatorSchema>;
