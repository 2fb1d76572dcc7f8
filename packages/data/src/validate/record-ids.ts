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

import type { FieldSpec } from "../schema.ts";
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
  /** the same id, other content */
  | { kind: "different"; earlier: EarlierRow };

const FIRST: Repeat = Object.freeze({ kind: "first" });

/**
 * The ids of one kind seen so far, each with its record's fingerprint, row and file (by slot; the numbers in
 * typed arrays, which the garbage collector need not scan). Exports usually list ids in increasing order: while
 * each id is greater than the one before, none can have been seen, so it is appended without a lookup (no
 * hashing of a million ids); the first id out of order turns the list into a map, used from then on.
 */
class SeenIds {
  /** the ids in the order seen, while they come in increasing order (then `bySlot` holds them) */
  private readonly ids: string[] = [];
  private size = 0;
  fingerprints = new Float64Array(1024);
  rows = new Int32Array(1024);
  files = new Int32Array(1024);
  /** slot by id, once an id came out of increasing order */
  private bySlot: Map<string, number> | undefined;

  /** The slot of `id`, or -1 when it is new (then it is added with these values). */
  slotOrAdd(id: string, fingerprint: number, row: number, file: number): number {
    const ids = this.ids;
    const n = this.size;
    if (this.bySlot === undefined) {
      if (n === 0 || id > (ids[n - 1] as string)) {
        ids.push(id);
        this.add(n, fingerprint, row, file);
        return -1;
      }
      const map = new Map<string, number>();
      for (let i = 0; i < n; i++) map.set(ids[i] as string, i);
      this.bySlot = map;
      ids.length = 0;
    }
    const slot = this.bySlot.get(id);
    if (slot !== undefined) return slot;
    this.bySlot.set(id, n);
    this.add(n, fingerprint, row, file);
    return -1;
  }

  private add(slot: number, fingerprint: number, row: number, file: number): void {
    if (slot === this.rows.length) {
      const size = slot * 2;
      const fingerprints = new Float64Array(size);
      fingerprints.set(this.fingerprints);
      this.fingerprints = fingerprints;
      const rows = new Int32Array(size);
      rows.set(this.rows);
      this.rows = rows;
      const files = new Int32Array(size);
      files.set(this.files);
      this.files = files;
    }
    this.size = slot + 1;
    this.fingerprints[slot] = fingerprint;
    this.rows[slot] = row;
    this.files[slot] = file;
  }
}

export class RecordIds {
  private readonly seen: Record<RecordWithIdKind, SeenIds> = { orders: new SeenIds(), events: new SeenIds() };
  private readonly fileNames: string[] = [];

  /** `laterRowWins`: a later row with other content replaces the earlier instead of being refused. */
  constructor(readonly laterRowWins = false) {}

  /** Records the row (`file`, `row`) holding `record`, and tells whether its id was seen before. */
  see(kind: RecordWithIdKind, file: string, row: number, record: Order | HotlineEvent): Repeat {
    const id = record.id;
    if (id === "") return FIRST;
    const fingerprint = kind === "orders" ? orderFingerprint(record as Order) : eventFingerprint(record as HotlineEvent);
    const seen = this.seen[kind];
    const fileAt = this.fileIndex(file);
    const slot = seen.slotOrAdd(id, fingerprint, row, fileAt);
    if (slot < 0) return FIRST;
    const earlier = { file: this.fileNames[seen.files[slot] as number] as string, row: seen.rows[slot] as number };
    if (seen.fingerprints[slot] === fingerprint) return { kind: "identical", earlier };
    if (this.laterRowWins) {
      // the later row is now the record: later rows compare with it
      seen.fingerprints[slot] = fingerprint;
      seen.rows[slot] = row;
      seen.files[slot] = fileAt;
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

/** Ends a fingerprint started by `startFingerprint`, once every field is mixed in. */
function endFingerprint(): number {
  mix(attrSum | 0);
  mix(attrXor);
  return (h1 >>> 0) * 0x100000 + ((h2 ^ (h2 >>> 12)) & 0xfffff);
}

/** A 52-bit fingerprint of a record's fields and attributes (attributes in any order). */
export function fingerprintOf(fields: readonly FieldSpec[], record: Record<string, unknown>): number {
  startFingerprint(record.attributes as Record<string, string> | undefined);
  for (const field of fields) mixValue(record[field.key]);
  return endFingerprint();
}

/**
 * `fingerprintOf(ORDER_FIELDS, order)`, with each field read by name: a field read by a key from a list costs
 * a lookup per field, and this runs for every row (the test holds it to ORDER_FIELDS).
 */
export function orderFingerprint(o: Order): number {
  startFingerprint(o.attributes);
  mixValue(o.id);
  mixValue(o.unit);
  mixValue(o.source);
  mixValue(o.kind);
  mixValue(o.receivedAt);
  mixValue(o.dueAt);
  mixValue(o.extendedTo);
  mixValue(o.closedAt);
  mixValue(o.delayExcused);
  mixValue(o.returned);
  mixValue(o.returnAccepted);
  mixValue(o.redoCount);
  mixValue(o.anonymous);
  mixValue(o.visited);
  mixValue(o.processSatisfaction);
  mixValue(o.resultSatisfaction);
  mixValue(o.closureType);
  mixValue(o.rebound);
  mixValue(o.leaderInstructed);
  return endFingerprint();
}

/** `fingerprintOf(EVENT_FIELDS, event)`, each field read by name (as `orderFingerprint`). */
export function eventFingerprint(e: HotlineEvent): number {
  startFingerprint(e.attributes);
  mixValue(e.id);
  mixValue(e.unit);
  mixValue(e.date);
  mixValue(e.type);
  mixValue(e.count);
  mixValue(e.points);
  mixValue(e.orderId);
  mixValue(e.note);
  return endFingerprint();
}
