package campaignlift.store;

import static campaignlift.store.AttributeValues.longOf;
import static campaignlift.store.AttributeValues.n;
import static campaignlift.store.AttributeValues.s;

import campaignlift.aggregate.Checkpoint;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The aggregates table's items of one campaign (docs/aggregates.md), all under the partition {@code
 * campaign#<campaignId>}: {@code ckpt#<shard>} (a write shard's checkpoint), {@code
 * part#<shard>#<firstSeq, 40 digits>#<chunk>} (the delta of one folded run), {@code
 * base#<version>#<chunk>} (the compacted or seeded base), {@code meta} (seeded, the current base
 * version and what it covers) and {@code recon} (the last reconciliation). Encoded cells larger
 * than one item are split into chunks of {@link #CHUNK_BYTES}.
 */
public final class AggregateItems {
  /** Bytes of encoded cells per item: under DynamoDB's 400 KB item limit with the keys. */
  public static final int CHUNK_BYTES = 350_000;

  static final String PK = "pk";
  static final String SK = "sk";
  static final String CELLS = "cells";
  static final String CHUNKS = "chunks";
  static final String META = "meta";
  static final String RECON = "recon";
  static final String CKPT_PREFIX = "ckpt#";
  static final String PART_PREFIX = "part#";
  static final String BASE_PREFIX = "base#";

  private AggregateItems() {}

  static String partition(String campaignId) {
    return "campaign#" + campaignId;
  }

  static Map<String, AttributeValue> key(String campaignId, String sk) {
    return Map.of(PK, s(partition(campaignId)), SK, s(sk));
  }

  static String checkpointKey(int shard) {
    return CKPT_PREFIX + shard;
  }

  static String partKey(int shard, BigInteger firstSeq, int chunk) {
    return PART_PREFIX + shard + "#" + pad(firstSeq.toString(), 40) + "#" + pad(chunk + "", 3);
  }

  static String baseKey(String version, int chunk) {
    return BASE_PREFIX + version + "#" + pad(chunk + "", 4);
  }

  private static String pad(String digits, int width) {
    return "0".repeat(Math.max(0, width - digits.length())) + digits;
  }

  static Map<String, AttributeValue> checkpointItem(String campaignId, int shard, Checkpoint c) {
    Map<String, AttributeValue> item = new HashMap<>(key(campaignId, checkpointKey(shard)));
    item.put("lastSeq", s(c.lastSeq().toString()));
    item.put("newestChange", n(c.newestChange().toEpochMilli()));
    item.put("foldedAt", n(c.foldedAt().toEpochMilli()));
    item.put("lagMs", n(c.lagMs()));
    item.put("parts", n(c.parts()));
    return item;
  }

  static Checkpoint checkpoint(Map<String, AttributeValue> item) {
    return new Checkpoint(
        new BigInteger(item.get("lastSeq").s()),
        Instant.ofEpochMilli(longOf(item.get("newestChange"))),
        Instant.ofEpochMilli(longOf(item.get("foldedAt"))),
        longOf(item.get("lagMs")),
        item.containsKey("parts") ? longOf(item.get("parts")) : 0);
  }

  /** A checkpoint key's write shard. */
  static int shardOfCheckpoint(String sk) {
    return Integer.parseInt(sk.substring(CKPT_PREFIX.length()));
  }

  /** The items holding encoded cells under {@code sk(chunk)}, each saying how many there are. */
  static List<Map<String, AttributeValue>> chunkItems(
      String campaignId, byte[] cells, java.util.function.IntFunction<String> sk) {
    List<byte[]> chunks = split(cells);
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      Map<String, AttributeValue> item = new HashMap<>(key(campaignId, sk.apply(i)));
      item.put(CELLS, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(chunks.get(i))));
      item.put(CHUNKS, n(chunks.size()));
      items.add(item);
    }
    return items;
  }

  static List<byte[]> split(byte[] bytes) {
    List<byte[]> chunks = new ArrayList<>();
    for (int from = 0; from < bytes.length || chunks.isEmpty(); from += CHUNK_BYTES) {
      chunks.add(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + CHUNK_BYTES)));
    }
    return chunks;
  }

  /** A part's sk split: write shard, first sequence number, chunk. */
  record PartKey(int shard, BigInteger firstSeq, int chunk) {
    static PartKey parse(String sk) {
      String[] p = sk.split("#");
      return new PartKey(Integer.parseInt(p[1]), new BigInteger(p[2]), Integer.parseInt(p[3]));
    }
  }

  /** A base chunk's sk split: version and chunk. */
  record BaseKey(String version, int chunk) {
    static BaseKey parse(String sk) {
      int last = sk.lastIndexOf('#');
      return new BaseKey(
          sk.substring(BASE_PREFIX.length(), last), Integer.parseInt(sk.substring(last + 1)));
    }
  }
}
