package campaignlift.campaign;

import java.util.List;

/**
 * Deterministic assignment with GrowthBook's hash version 2, so a user lands in the same group here
 * as in any GrowthBook SDK given the same seed: {@code bucket = fnv1a32(str(fnv1a32(seed + value)))
 * % 10000 / 10000}, then the first group whose cumulative weight range {@code [start, start +
 * weight)} holds the bucket, in declared order (GrowthBook {@code getBucketRanges}/{@code
 * chooseVariation} with full coverage).
 */
public final class Assignment {
  private static final int FNV_OFFSET = 0x811c9dc5;
  private static final int FNV_PRIME = 0x01000193;

  private Assignment() {}

  /** 32-bit FNV-1a over UTF-16 code units, as GrowthBook's JavaScript {@code hashFnv32a}. */
  static long fnv1a32(String s) {
    int h = FNV_OFFSET;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= FNV_PRIME;
    }
    return Integer.toUnsignedLong(h);
  }

  /** GrowthBook hash v2 of {@code value} under {@code seed}: a bucket in [0, 1) with 4 decimals. */
  public static double bucket(String seed, String value) {
    long inner = fnv1a32(seed + value);
    return (fnv1a32(Long.toString(inner)) % 10000) / 10000.0;
  }

  /** The group for {@code userId} in {@code campaign}, seeded by the campaign id. */
  public static Group assign(Campaign campaign, String userId) {
    return choose(campaign.groups(), bucket(campaign.campaignId(), userId));
  }

  static Group choose(List<Group> groups, double bucket) {
    double start = 0;
    for (Group g : groups) {
      double end = start + g.weight();
      if (bucket >= start && bucket < end) {
        return g;
      }
      start = end;
    }
    // Weights sum to 1 within rounding; a bucket lost to that rounding belongs to the last group.
    return groups.get(groups.size() - 1);
  }
}
