/**
 * Ids seen in one import (one file, or every file of one call): a work order
 * or event id given twice must not let the later row silently win. Two rows
 * with the same id and the same content are one record given twice (the
 * later is collapsed); with different content the later is refused, unless
 * the caller chose "the later row wins".
 *
 * Each id costs one map entry and a 52-bit fingerprint of its record, not
 * the record itself, so a million-row file is checked in little memory.
 */

import { EVENT_FIELDS, type FieldSpec, ORDER_FIELDS } from "../schema.ts";
import type { HotlineEvent, Order } from "../types.ts";

/** The kinds of record that have ids of their own. */
export type RecordWithIdKind = "orders" | "events";

export interface EarlierRow {
  file: string;
  row: number;
}

/** How a row relates to the rows before it with the same id. */
export type Repeat =
  /** the id's first row */
  | { kind: "first" }
  /** the same id and the same content as an earlier row: one record given twice */
  | { kind: "identical"; earlier: EarlierRow }
  /** the same id, other content */
  | { kind: "different"; earlier: EarlierRow };

const FIRST: Repeat = Object.freeze({ kind: "first" });

export class RecordIds {
  private readonly ids: Record<RecordWithIdKind, Map<string, number>> = { orders: new Map(), events: new Map() };
  private readonly fingerprints: number[] = [];
  private readonly rows: number[] = [];
  private readonly files: number[] = [];
  private readonly fileNames: string[] = [];

  /** `laterRowWins`: a later row with other content replaces the earlier instead of being refused. */
  constructor(readonly laterRowWins = false) {}

  /** Records the row (`file`, `row`) holding `record`, and tells whether its id was seen before. */
  see(kind: RecordWithIdKind, file: string, row: number, record: Order | HotlineEvent): Repeat {
    const id = record.id;
    if (id === "") return FIRST;
    const fingerprint = fingerprintOf(kind === "orders" ? ORDER_FIELDS : EVENT_FIELDS, record as unknown as Record<string, unknown>);
    const map = this.ids[kind];
    const slot = map.get(id);
    if (slot === undefined) {
      map.set(id, this.fingerprints.length);
      this.fingerprints.push(fingerprint);
      this.rows.push(row);
      this.files.push(this.fileIndex(file));
      return FIRST;
    }
    const earlier = { file: this.fileNames[this.files[slot] as number] as string, row: this.rows[slot] as number };
    if (this.fingerprints[slot] === fingerprint) return { kind: "identical", earlier };
    if (this.laterRowWins) {
      // the later row is now the record: later rows compare with it
      this.fingerprints[slot] = fingerprint;
      this.rows[slot] = row;
      this.files[slot] = this.fileIndex(file);
    }
    return { kind: "different", earlier };
  }

  private fileIndex(file: string): number {
    const last = this.fileNames.length - 1;
    if (last >= 0 && this.fileNames[last] === file) return last;
    const at = this.fileNames.indexOf(file);
    if (at >= 0) return at;
    this.fileNames.push(file);
    return this.fileNames.length - 1;
  }
}

// ---------------------------------------------------------------- fingerprints

// two 32-bit hashes (FNV-1a and a polynomial hash) combined into 52 bits; module scratch, no allocation per row
let h1 = 0;
let h2 = 0;

function mix(word: number): void {
  h1 = Math.imul(h1 ^ word, 16777619);
  h2 = (Math.imul(h2, 31) + word) | 0;
}

function mixString(text: string): void {
  let a = h1;
  let b = h2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 16777619);
    b = (Math.imul(b, 31) + c) | 0;
  }
  h1 = a;
  h2 = b;
}

function mixValue(value: unknown): void {
  if (value === null || value === undefined) mix(0x10001);
  else if (typeof value === "string") {
    mix(0x10002);
    mixString(value);
  } else if (typeof value === "number") {
    mix(0x10003);
    if (Number.isNaN(value)) mix(0x10004);
    else {
      mix((value % 4294967296) | 0);
      mix(Math.floor(value / 4294967296) | 0);
      // fractions (分值 1.5)
      mix(Math.round((value % 1) * 1e9) | 0);
    }
  } else if (typeof value === "boolean") mix(value ? 0x10005 : 0x10006);
  else mixString(JSON.stringify(value));
  mix(0x1ffff);
}

/** A 52-bit fingerprint of a record's fields and attributes (attributes in any order). */
export function fingerprintOf(fields: readonly FieldSpec[], record: Record<string, unknown>): number {
  // attributes: each entry hashed alone, combined in an order-free way
  let sum = 0;
  let xor = 0;
  const attributes = record.attributes as Record<string, string> | undefined;
  if (attributes) {
    for (const key in attributes) {
      h1 = 0x811c9dc5;
      h2 = 0x9747b28c;
      mixString(key);
      mix(0x1fffe);
      mixString(attributes[key] as string);
      sum = (sum + (h1 >>> 0)) >>> 0;
      xor ^= h2;
    }
  }
  h1 = 0x811c9dc5;
  h2 = 0x9747b28c;
  for (const field of fields) mixValue(record[field.key]);
  mix(sum | 0);
  mix(xor);
  return (h1 >>> 0) * 0x100000 + ((h2 ^ (h2 >>> 12)) & 0xfffff);
}
