// Text from S3 (user metadata such as `uploaded-by`, decoded from RFC 2047 into any
// characters; keys; version ids) and from file names is untrusted: an artist could put ESC/OSC
// sequences (a terminal clipboard write, an erased line) or bidi overrides ("gpj.exe" shown as
// "exe.jpg") into a staff member's terminal, a log or the UI. These helpers are the one place
// that neutralises them, used where such text leaves the core and where the CLI prints.

// C0 controls (ESC included), DEL and C1 controls (0x9b is a one-byte CSI, 0x9d an OSC).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/gu;
// C0/C1 controls except tab and newline: what a block of text for a terminal may keep.
// eslint-disable-next-line no-control-regex -- as above
const CONTROLS_IN_BLOCK = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/gu;
// Bidi embeddings, overrides, isolates and marks (the Trojan Source set).
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** Shown in place of each removed character, so a person sees that something was there. */
export const REPLACEMENT = '\ufffd';

/** One value for display (a name, a key, an uploader): no control or bidi-control character survives. */
export function safeText(value: string): string {
  return value.replace(CONTROLS, REPLACEMENT).replace(BIDI, REPLACEMENT);
}

/** safeText for a value that may be missing. */
export function safeOptional(value: string | undefined): string | undefined {
  return value === undefined ? undefined : safeText(value);
}

/** A block of text for a terminal: like safeText, but newlines and tabs are kept. */
export function safeTerminalBlock(text: string): string {
  return text.replace(CONTROLS_IN_BLOCK, REPLACEMENT).replace(BIDI, REPLACEMENT);
}

/**
 * JSON for a terminal or a log, with the same value: JSON.stringify already escapes C0
 * controls; this also writes DEL, C1 and bidi controls as `\uXXXX` escapes, so a script that
 * parses it gets the exact text and a person who reads it sees no hidden effect.
 */
export function terminalSafeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
