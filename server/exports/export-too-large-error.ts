import { UnrecoverableError } from "bullmq";

/** The zip grew past the cap: retrying cannot help, the user narrows the selection instead. */
export class ExportTooLargeError extends UnrecoverableError {
  constructor(maxBytes: number) {
    super(`The export is larger than ${maxBytes} bytes; choose fewer sensors or a shorter period.`);
    this.name = "ExportTooLargeError";
  }
}
