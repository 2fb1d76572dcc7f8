import { describe, expect, it } from "vitest";
import { defaultVersionA } from "./index.tsx";

type Version = Parameters<typeof defaultVersionA>[0][number];
const version = (id: number, effectiveFrom: string, publishedAt: string | null, effectiveUntil: string | null = null): Version =>
  ({ id, status: publishedAt === null ? "draft" : "published", effectiveFrom, effectiveUntil, publishedAt }) as unknown as Version;

// 2017 in force from 2017-09; 2019 published in January 2019, in force from 2019-01; a draft
const v2017 = version(1, "2017-09", "2017-08-20T02:00:00.000Z");
const v2019 = version(2, "2019-01", "2019-01-05T02:00:00.000Z");
const draft = version(3, "2019-06", null);

describe("version A while none is picked", () => {
  it("is the version in force for the period, B being another", () => {
    expect(defaultVersionA([v2017, v2019, draft], 2, 3)).toBe(2);
    expect(defaultVersionA([v2017, v2019, draft], 2, null)).toBe(2);
  });

  it("is the version in force before B's start when B is the one in force (not the same version, said to be the same)", () => {
    expect(defaultVersionA([v2017, v2019, draft], 2, 2)).toBe(1);
  });

  it("is the one published before B when none was in force the month before its start, and none when there is none", () => {
    // a version 2018-06 to 2018-08 only, published before B; none in force in 2018-12
    const limited = version(4, "2018-06", "2018-05-01T02:00:00.000Z", "2018-08");
    expect(defaultVersionA([limited, v2019], 2, 2)).toBe(4);
    expect(defaultVersionA([v2019, draft], 2, 2)).toBeNull();
  });

  it("is none while the period has no version in force", () => {
    expect(defaultVersionA([v2017, v2019], null, 2)).toBeNull();
  });
});
