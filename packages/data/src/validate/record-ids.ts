/**
 * Ids seen in one import (one file, or every file of one call): a work order
 * or event id given twice must not let the later row silently win. Two rows
 * with the same id and the same content are one record given twice (the
 * later is collapsed); with different content the later is refused, unless
 * the caller chose "the later row wins".
 *
 * Each id costs its characters, a 52-bit fingerprint of its record and its
 * row and file, all in typed arrays (`SeenIds`), not the record itself, so a
 * million-row file is checked in little memory.
 */

import { EVENT_FIELDS, type FieldSpec, ORDER_FIELDS } from "../schema.ts";
import type { HotlineEvent, Order } from "../types.ts";

/** The kinds of record that have ids of their own. */
export type RecordWithIdKind = "orders" | "events";

interface EarlierRow {
  file: string;
  row: number;
}

/** How a row relates to the rows before it with the same id. */
export type Repeat =
  /** the id's first row */
  | { kind: "first" }
  /** the same id and the same content as an earlier row: one record given twice */
  | { kind: "identical"; earlier: EarlierRow }
  /**
   * the same id, other content; `columns`: the fields (their Chinese names; 扩展列 for the extra columns) whose values
   * differ from the earlier row's, as a byte of each tells (a data review looked for the one differing cell of a row of
   * 20 columns): a differing field is missed once in 256
   */
  | { kind: "different"; earlier: EarlierRow; columns: string[] };

const FIRST: Repeat = Object.freeze({ kind: "first" });

/**
 * The ids of one kind seen so far, each with its record's fingerprint, row and file, by slot, all in typed arrays: no
 * string or map entry per id for the garbage collector to keep and scan (a million ids of 15 characters take about 35
 * MB, not 65 as strings in a list, nor 90 in a map). The ids' characters are one after another in `chars`, a byte each
 * while every character is below 256 (ids are letters and digits), two once one is not.
 *
 * Exports usually list ids in increasing order: while each id is greater than the one before, none can have been
 * seen, so it is appended without a lookup; the first id out of order builds a hash table of the slots (open
 * addressing), used from then on.
 */
class SeenIds {
  constructor(readonly width: number) {
    this.sigs = new Uint8Array(1024 * width);
  }
  private size = 0;
  private chars: Uint8Array | Uint16Array = new Uint8Array(16 * 1024);
  private used = 0;
  /** where each slot's id ends in `chars` (it starts where the slot before ends) */
  private ends = new Int32Array(1024);
  fingerprints = new Float64Array(1024);
  rows = new Int32Array(1024);
  files = new Int32Array(1024);
  /** a byte of each field's value (and one of the extra columns), `width` a slot: which columns two rows differ in */
  sigs: Uint8Array;
  /** the last id, while ids come in increasing order */
  private last = "";
  /** slot + 1 by the id's hash (0: empty), once an id came out of increasing order; at most half full */
  private table: Int32Array | undefined;

  /** The slot of `id`, or -1 when it is new (then it is added with these values). */
  slotOrAdd(id: string, fingerprint: number, row: number, file: number, sig: Uint8Array): number {
    let table = this.table;
    if (table === undefined) {
      if (this.size === 0 || id > this.last) {
        this.last = id;
        this.add(id, fingerprint, row, file, sig);
        return -1;
      }
      table = this.rehash(tableSizeFor(this.size + 1));
    }
    const mask = table.length - 1;
    let at = hashOf(id) & mask;
    for (let held = table[at] as number; held !== 0; held = table[at] as number) {
      if (this.holds(held - 1, id)) return held - 1;
      at = (at + 1) & mask;
    }
    const slot = this.add(id, fingerprint, row, file, sig);
    table[at] = slot + 1;
    if (2 * this.size > table.length) this.rehash(table.length * 2);
    return -1;
  }

  /** whether `slot` holds `id` */
  private holds(slot: number, id: string): boolean {
    const start = slot === 0 ? 0 : (this.ends[slot - 1] as number);
    if ((this.ends[slot] as number) - start !== id.length) return false;
    const chars = this.chars;
    for (let i = 0; i < id.length; i++) if (chars[start + i] !== id.charCodeAt(i)) return false;
    return true;
  }

  /** A table of `size` buckets holding every slot. */
  private rehash(size: number): Int32Array {
    const table = new Int32Array(size);
    const mask = size - 1;
    const chars = this.chars;
    let start = 0;
    for (let slot = 0; slot < this.size; slot++) {
      const end = this.ends[slot] as number;
      let h = FNV_START;
      for (let i = start; i < end; i++) h = Math.imul(h ^ (chars[i] as number), 16777619);
      let at = h & mask;
      while (table[at] !== 0) at = (at + 1) & mask;
      table[at] = slot + 1;
      start = end;
    }
    this.table = table;
    return table;
  }

  private add(id: string, fingerprint: number, row: number, file: number, sig: Uint8Array): number {
    const slot = this.size;
    if (slot === this.rows.length) {
      const size = slot * 2;
      this.ends = grown(this.ends, new Int32Array(size));
      this.fingerprints = grown(this.fingerprints, new Float64Array(size));
      this.rows = grown(this.rows, new Int32Array(size));
      this.files = grown(this.files, new Int32Array(size));
      this.sigs = grown(this.sigs, new Uint8Array(size * this.width));
    }
    let chars = this.chars;
    const end = this.used + id.length;
    if (end > chars.length) chars = this.chars = grown(chars, chars instanceof Uint8Array ? new Uint8Array(2 * end) : new Uint16Array(2 * end));
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      if (c > 0xff && chars instanceof Uint8Array) chars = this.chars = grown(chars, new Uint16Array(chars.length));
      chars[this.used + i] = c;
    }
    this.used = end;
    this.ends[slot] = end;
    this.size = slot + 1;
    this.fingerprints[slot] = fingerprint;
    this.rows[slot] = row;
    this.files[slot] = file;
    this.sigs.set(sig, slot * this.width);
    return slot;
  }
}

const FNV_START = 0x811c9dc5;

/** an id's hash, as `rehash` computes it from the stored characters */
function hashOf(id: string): number {
  let h = FNV_START;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return h;
}

/** the least power of two that holds `count` slots at most half full */
function tableSizeFor(count: number): number {
  let size = 1024;
  while (size < 2 * count) size *= 2;
  return size;
}

/** `to` with `from`'s elements at its start */
function grown<T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(from: Uint8Array | Uint16Array | Int32Array | Float64Array, to: T): T {
  to.set(from);
  return to;
}

export class RecordIds {
  private readonly seen: Record<RecordWithIdKind, SeenIds> = {
    orders: new SeenIds(ORDER_FIELDS.length + 1),
    events: new SeenIds(EVENT_FIELDS.length + 1),
  };
  private readonly sig: Record<RecordWithIdKind, Uint8Array> = {
    orders: new Uint8Array(ORDER_FIELDS.length + 1),
    events: new Uint8Array(EVENT_FIELDS.length + 1),
  };
  private readonly fileNames: string[] = [];

  /** `laterRowWins`: a later row with other content replaces the earlier instead of being refused. */
  constructor(readonly laterRowWins = false) {}

  /** Records the row (`file`, `row`) holding `record`, and tells whether its id was seen before. */
  see(kind: RecordWithIdKind, file: string, row: number, record: Order | HotlineEvent): Repeat {
    const id = record.id;
    if (id === "") return FIRST;
    const sig = this.sig[kind];
    const fingerprint = kind === "orders" ? orderFingerprint(record as Order, sig) : eventFingerprint(record as HotlineEvent, sig);
    const seen = this.seen[kind];
    const fileAt = this.fileIndex(file);
    const fields = kind === "orders" ? ORDER_FIELDS : EVENT_FIELDS;
    const slot = seen.slotOrAdd(id, fingerprint, row, fileAt, sig);
    if (slot < 0) return FIRST;
    const earlier = { file: this.fileNames[seen.files[slot] as number] as string, row: seen.rows[slot] as number };
    if (seen.fingerprints[slot] === fingerprint) return { kind: "identical", earlier };
    const at = slot * seen.width;
    const columns: string[] = [];
    for (let i = 0; i < sig.length; i++) if (seen.sigs[at + i] !== sig[i]) columns.push(i < fields.length ? (fields[i] as FieldSpec).zh : "扩展列");
    if (this.laterRowWins) {
      // the later row is now the record: later rows compare with it
      seen.fingerprints[slot] = fingerprint;
      seen.rows[slot] = row;
      seen.files[slot] = fileAt;
      seen.sigs.set(sig, at);
    }
    return { kind: "different", earlier, columns };
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

/** Starts a record's fingerprint: its attributes, each entry hashed alone, combined in an order-free way (into `attrSum`, `attrXor`). */
let attrSum = 0;
let attrXor = 0;

function startFingerprint(attributes: Record<string, string> | undefined): void {
  let sum = 0;
  let xor = 0;
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
  attrSum = sum;
  attrXor = xor;
  h1 = 0x811c9dc5;
  h2 = 0x9747b28c;
}

/**
 * A field's part of a record's fingerprint (`field`: its place): the field hashed alone, a byte of that into
 * `bytes` (which fields two rows of one id differ in, without keeping either row), the hash into the record's.
 */
let bytes: Uint8Array = new Uint8Array(0);
let record1 = 0;
let record2 = 0;
function part(field: number, value: unknown): void {
  h1 = 0x811c9dc5;
  h2 = 0x9747b28c;
  mixValue(value);
  bytes[field] = (h1 ^ (h1 >>> 8) ^ (h1 >>> 16) ^ (h1 >>> 24)) & 0xff;
  record1 = Math.imul(record1 ^ h1, 16777619);
  record2 = (Math.imul(record2, 31) + h2) | 0;
}

/** Starts a record's fingerprint and its bytes (`into`: a byte a field, then one of the attributes). */
function startRecord(attributes: Record<string, string> | undefined, into: Uint8Array): void {
  startFingerprint(attributes);
  bytes = into;
  record1 = 0x811c9dc5;
  record2 = 0x9747b28c;
}

/** Ends a fingerprint started by `startRecord`, once every field is in (`fields`: how many). */
function endRecord(fields: number): number {
  bytes[fields] = (attrSum ^ (attrSum >>> 8) ^ attrXor ^ (attrXor >>> 16)) & 0xff;
  h1 = record1;
  h2 = record2;
  mix(attrSum | 0);
  mix(attrXor);
  return (h1 >>> 0) * 0x100000 + ((h2 ^ (h2 >>> 12)) & 0xfffff);
}

/**
 * A 52-bit fingerprint of a record's fields and attributes (attributes in any order), and into `into` a byte of each
 * field and one of the attributes: which fields two rows differ in. Each field is hashed once for both.
 */
export function fingerprintOf(fields: readonly FieldSpec[], record: Record<string, unknown>, into: Uint8Array = new Uint8Array(fields.length + 1)): number {
  startRecord(record.attributes as Record<string, string> | undefined, into);
  for (let i = 0; i < fields.length; i++) part(i, record[(fields[i] as FieldSpec).key]);
  return endRecord(fields.length);
}

/**
 * `fingerprintOf(ORDER_FIELDS, order, into)`, with each field read by name: a field read by a key from a list costs
 * a lookup per field, and this runs for every row (the test holds it to ORDER_FIELDS).
 */
export function orderFingerprint(o: Order, into: Uint8Array = new Uint8Array(ORDER_FIELDS.length + 1)): number {
  startRecord(o.attributes, into);
  part(0, o.id);
  part(1, o.unit);
  part(2, o.source);
  part(3, o.kind);
  part(4, o.receivedAt);
  part(5, o.dueAt);
  part(6, o.extendedTo);
  part(7, o.closedAt);
  part(8, o.delayExcused);
  part(9, o.returned);
  part(10, o.returnAccepted);
  part(11, o.redoCount);
  part(12, o.anonymous);
  part(13, o.visited);
  part(14, o.processSatisfaction);
  part(15, o.resultSatisfaction);
  part(16, o.closureType);
  part(17, o.rebound);
  part(18, o.leaderInstructed);
  return endRecord(19);
}

/** `fingerprintOf(EVENT_FIELDS, event, into)`, each field read by name (as `orderFingerprint`). */
export function eventFingerprint(e: HotlineEvent, into: Uint8Array = new Uint8Array(EVENT_FIELDS.length + 1)): number {
  startRecord(e.attributes, into);
  part(0, e.id);
  part(1, e.unit);
  part(2, e.date);
  part(3, e.type);
  part(4, e.count);
  part(5, e.points);
  part(6, e.orderId);
  part(7, e.note);
  return endRecord(8);
}
