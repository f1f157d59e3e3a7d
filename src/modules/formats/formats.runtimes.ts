import { startComet } from './comet/comet.runtime.js';
import type { FormatStarter } from './formats.models.js';

/** The formats that have more to them than reading mail, by id: what each adds to the running service. */
export const FORMAT_RUNTIMES: Readonly<Record<string, FormatStarter>> = {
  comet: startComet,
};
