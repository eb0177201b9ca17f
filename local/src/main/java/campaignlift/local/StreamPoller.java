package campaignlift.local;

import campaignlift.support.DaemonThreads;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * One DynamoDB event source mapping played against a table's real stream, as Lambda plays it
 * (Lambda developer guide, "Using AWS Lambda with Amazon DynamoDB" and "Configuring partial batch
 * response with DynamoDB and Lambda"): shards found with DescribeStream, a child shard read only
 * after its parent is finished, records read in order with one batch in flight per shard, batches
 * of up to {@code BatchSize} gathered for up to {@code MaximumBatchingWindowInSeconds}, and the
 * shard's checkpoint advanced only past records the function acknowledged. A thrown error retries
 * the batch ({@code MaximumRetryAttempts}, -1 for ever), split in two first with {@code
 * BisectBatchOnFunctionError} (a split does not use up a retry); a partial batch response ({@code
 * ReportBatchItemFailures}) acknowledges the records before the lowest reported sequence number and
 * retries the rest as a failed attempt. A batch out of retries is described to the {@link
 * FailureDestination} and skipped.
 */
public final class StreamPoller implements AutoCloseable {
  /** How soon an idle shard is read again: results converge well within a second. */
  static final long IDLE_POLL_MILLIS = 50;

  /** How often new shards are looked for when nobody is waiting for them. */
  static final long DISCOVERY_MILLIS = 250;

  /** GetRecords returns at most this many records (DynamoDB Streams API reference). */
  private static final int GET_RECORDS_LIMIT = 1000;

  /** What the poller has done, for tests and the bench. */
  public record Counters(
      long invocations,
      long recordsInvoked,
      long recordsAcknowledged,
      long retries,
      long bisections,
      long discardedBatches,
      long discardedRecords) {
    Counters plus(Counters o) {
      return new Counters(
          invocations + o.invocations,
          recordsInvoked + o.recordsInvoked,
          recordsAcknowledged + o.recordsAcknowledged,
          retries + o.retries,
          bisections + o.bisections,
          discardedBatches + o.discardedBatches,
          discardedRecords + o.discardedRecords);
    }
  }

  private final StreamMapping mapping;
  private final String tableName;
  private final DynamoDbClient dynamo;
  private final DynamoDbStreamsClient streams;
  private final Function<byte[], byte[]> function;
  private final FailureDestination destination;
  private final PrintStream log;
  private final String region;
  private final ExecutorService threads;

  /** Guards everything below; waited on for progress. */
  private final Object lock = new Object();

  private final Map<String, ShardState> shards = new LinkedHashMap<>();
  private String streamArn;
  private long discoveredAt;
  private boolean discoveryWanted;
  private boolean firstDiscovery = true;
  private String problem;
  private volatile boolean closed;

  /** While held, no shard is read (a measurement that must not see the folding's work). */
  private volatile boolean held;

  /**
   * Holds or releases reading; records wait in the stream meanwhile, as behind a disabled mapping.
   */
  void hold(boolean hold) {
    held = hold;
  }

  private long invocations;
  private long recordsInvoked;
  private long recordsAcknowledged;
  private long retries;
  private long bisections;
  private long discardedBatches;
  private long discardedRecords;

  /** A shard's progress; fields guarded by {@code lock}. */
  private static final class ShardState {
    final String id;
    final String parentId;
    final boolean latest;
    boolean finished;
    String checkpoint;

    /** Start (System.nanoTime) of the last read that found nothing with nothing in flight. */
    long caughtUpAt;

    ShardState(String id, String parentId, boolean latest) {
      this.id = id;
      this.parentId = parentId;
      this.latest = latest;
    }
  }

  /** A run of records to invoke, with what it has cost so far. */
  private record Attempt(List<Record> records, int retries, int invokes) {}

  /**
   * Starts polling.
   *
   * @param tableName the table's name where it runs (the logical id, or a test's prefixed name)
   * @param function the function: event bytes in, response bytes out; a thrown exception is a
   *     function error
   * @param log where poller trouble is reported; null for nowhere
   */
  StreamPoller(
      StreamMapping mapping,
      String tableName,
      DynamoDbClient dynamo,
      DynamoDbStreamsClient streams,
      Function<byte[], byte[]> function,
      FailureDestination destination,
      PrintStream log) {
    this.mapping = mapping;
    this.tableName = tableName;
    this.dynamo = dynamo;
    this.streams = streams;
    this.function = function;
    this.destination = destination;
    this.log = log;
    this.region = streams.serviceClientConfiguration().region().id();
    this.threads =
        Executors.newCachedThreadPool(
            DaemonThreads.named("stream-" + mapping.functionId() + "-" + tableName));
    threads.execute(this::discoverLoop);
  }

  public StreamMapping mapping() {
    return mapping;
  }

  public String tableName() {
    return tableName;
  }

  /**
   * Waits until every shard has been read to its end: each shard known by a DescribeStream made
   * after this call is finished, or has had a GetRecords that started after this call, found no
   * records and had nothing in flight — so everything written before the call was delivered and
   * acknowledged (or discarded to the destination).
   *
   * @throws IllegalStateException on timeout, or when the table has no stream
   */
  public void awaitCaughtUp(Duration timeout) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    synchronized (lock) {
      discoveryWanted = true;
      lock.notifyAll();
      while (!caughtUpSince(start)) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || closed) {
          throw new IllegalStateException(
              mapping.functionId()
                  + " on "
                  + tableName
                  + " did not catch up with the stream within "
                  + timeout
                  + (problem == null ? "" : " (" + problem + ")")
                  + "; checkpoints "
                  + checkpointsLocked());
        }
        lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  private boolean caughtUpSince(long start) {
    if (discoveredAt - start <= 0) {
      return false;
    }
    for (ShardState s : shards.values()) {
      if (!s.finished && s.caughtUpAt - start <= 0) {
        return false;
      }
    }
    return true;
  }

  /** Each shard's checkpoint: the sequence number of the last record acknowledged or discarded. */
  public Map<String, String> checkpoints() {
    synchronized (lock) {
      return checkpointsLocked();
    }
  }

  private Map<String, String> checkpointsLocked() {
    Map<String, String> c = new LinkedHashMap<>();
    shards.values().forEach(s -> c.put(s.id, s.checkpoint));
    return c;
  }

  public Counters counters() {
    synchronized (lock) {
      return new Counters(
          invocations,
          recordsInvoked,
          recordsAcknowledged,
          retries,
          bisections,
          discardedBatches,
          discardedRecords);
    }
  }

  // ---- shard discovery -------------------------------------------------------------------------

  private void discoverLoop() {
    while (!closed) {
      long started = System.nanoTime();
      try {
        discover();
        synchronized (lock) {
          discoveredAt = started;
          problem = null;
          lock.notifyAll();
        }
      } catch (SdkException | IllegalStateException e) {
        report("cannot read the stream of " + tableName + ": " + e.getMessage());
      }
      synchronized (lock) {
        if (!discoveryWanted && !closed) {
          try {
            lock.wait(DISCOVERY_MILLIS);
          } catch (InterruptedException e) {
            return;
          }
        }
        discoveryWanted = false;
      }
    }
  }

  private void discover() {
    if (streamArn == null) {
      String arn = dynamo.describeTable(r -> r.tableName(tableName)).table().latestStreamArn();
      if (arn == null) {
        throw new IllegalStateException(
            "table "
                + tableName
                + " has no stream; template.yaml must declare StreamSpecification");
      }
      streamArn = arn;
    }
    List<Shard> found = new ArrayList<>();
    String after = null;
    do {
      String from = after;
      DescribeStreamResponse d =
          streams.describeStream(r -> r.streamArn(streamArn).exclusiveStartShardId(from));
      found.addAll(d.streamDescription().shards());
      after = d.streamDescription().lastEvaluatedShardId();
    } while (after != null);
    synchronized (lock) {
      for (Shard shard : found) {
        if (shards.containsKey(shard.shardId())) {
          continue;
        }
        // LATEST applies to the shards open when the mapping starts; shards closed by then hold
        // only older records, and shards born later are read from their start.
        boolean closedAtStart = shard.sequenceNumberRange().endingSequenceNumber() != null;
        boolean latest = firstDiscovery && mapping.startingPosition().equals("LATEST");
        ShardState state = new ShardState(shard.shardId(), shard.parentShardId(), latest);
        state.finished = latest && closedAtStart;
        shards.put(shard.shardId(), state);
        if (!state.finished) {
          threads.execute(() -> readShard(state));
        }
      }
      firstDiscovery = false;
    }
  }

  // ---- reading one shard -----------------------------------------------------------------------

  private void readShard(ShardState shard) {
    try {
      if (!awaitParent(shard)) {
        return;
      }
      String iterator = null;
      List<Record> pending = new ArrayList<>();
      long gatheringSince = 0;
      long window = TimeUnit.SECONDS.toNanos(mapping.batchingWindowSeconds());
      while (!closed) {
        if (held && pending.isEmpty()) {
          pause(IDLE_POLL_MILLIS);
          continue;
        }
        if (iterator == null) {
          try {
            iterator = iterator(shard);
          } catch (SdkException e) {
            // Like Lambda's event source mapping, a shard is never given up while records remain:
            // a slow or overloaded stream endpoint is asked again after a pause.
            report("opening " + shard.id + " failed, trying again: " + e.getMessage());
            pause(IDLE_POLL_MILLIS);
            continue;
          }
          pending.clear();
        }
        long readStarted = System.nanoTime();
        GetRecordsResponse got;
        try {
          String it = iterator;
          int limit = Math.min(GET_RECORDS_LIMIT, mapping.batchSize() - pending.size());
          got = streams.getRecords(r -> r.shardIterator(it).limit(limit));
        } catch (SdkException e) {
          // An expired iterator or a hiccup: read again from the checkpoint.
          report("reading " + shard.id + " failed, reading again from its checkpoint: " + e);
          iterator = null;
          pause(IDLE_POLL_MILLIS);
          continue;
        }
        iterator = got.nextShardIterator();
        if (got.hasRecords() && !got.records().isEmpty()) {
          if (pending.isEmpty()) {
            gatheringSince = readStarted;
          }
          pending.addAll(got.records());
        }
        boolean ended = iterator == null;
        boolean full = pending.size() >= mapping.batchSize();
        boolean windowOver = System.nanoTime() - gatheringSince >= window;
        if (!pending.isEmpty() && (full || windowOver || ended)) {
          if (!deliver(shard, List.copyOf(pending))) {
            return;
          }
          pending.clear();
          if (!ended) {
            continue;
          }
        }
        if (ended) {
          synchronized (lock) {
            shard.finished = true;
            lock.notifyAll();
          }
          return;
        }
        if (pending.isEmpty()) {
          synchronized (lock) {
            shard.caughtUpAt = readStarted;
            lock.notifyAll();
          }
        }
        pause(IDLE_POLL_MILLIS);
      }
    } catch (RuntimeException e) {
      report("stopped reading " + shard.id + ": " + e);
    }
  }

  private boolean awaitParent(ShardState shard) {
    synchronized (lock) {
      while (!closed) {
        ShardState parent = shard.parentId == null ? null : shards.get(shard.parentId);
        // A parent the stream no longer lists was trimmed: nothing of it is left to read first.
        if (parent == null || parent.finished) {
          return true;
        }
        try {
          lock.wait(DISCOVERY_MILLIS);
        } catch (InterruptedException e) {
          return false;
        }
      }
      return false;
    }
  }

  private String iterator(ShardState shard) {
    String checkpoint;
    synchronized (lock) {
      checkpoint = shard.checkpoint;
    }
    if (checkpoint != null) {
      return streams
          .getShardIterator(
              r ->
                  r.streamArn(streamArn)
                      .shardId(shard.id)
                      .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                      .sequenceNumber(checkpoint))
          .shardIterator();
    }
    ShardIteratorType type =
        shard.latest ? ShardIteratorType.LATEST : ShardIteratorType.TRIM_HORIZON;
    return streams
        .getShardIterator(r -> r.streamArn(streamArn).shardId(shard.id).shardIteratorType(type))
        .shardIterator();
  }

  // ---- invoking, retrying, checkpointing ----------------------------------------------------

  /**
   * Invokes the function on {@code records} until every record is acknowledged or discarded.
   *
   * @return false when the poller closed first (the checkpoint stays where it was)
   */
  private boolean deliver(ShardState shard, List<Record> records) {
    Deque<Attempt> queue = new ArrayDeque<>();
    queue.add(new Attempt(records, 0, 0));
    while (!queue.isEmpty()) {
      if (closed) {
        return false;
      }
      Attempt a = queue.removeFirst();
      synchronized (lock) {
        invocations++;
        recordsInvoked += a.records.size();
      }
      Attempt invoked = new Attempt(a.records, a.retries, a.invokes + 1);
      String error;
      boolean mayBisect;
      try {
        byte[] response = function.apply(StreamEvents.event(a.records, streamArn, region));
        int failedFrom =
            mapping.reportBatchItemFailures()
                ? firstFailure(response, a.records)
                : a.records.size();
        if (failedFrom == a.records.size()) {
          acknowledge(shard, a.records, false);
          continue;
        }
        if (failedFrom > 0) {
          acknowledge(shard, a.records.subList(0, failedFrom), false);
        }
        // With bisection on, Lambda splits at the reported record and retries the rest.
        invoked =
            new Attempt(
                List.copyOf(a.records.subList(failedFrom, a.records.size())),
                a.retries,
                invoked.invokes);
        error = "partial batch response";
        mayBisect = false;
      } catch (RuntimeException e) {
        error = "Unhandled";
        mayBisect = mapping.bisectOnError();
        report(mapping.functionId() + " failed on " + a.records.size() + " stream record(s): " + e);
      }
      if (mayBisect && invoked.records.size() > 1) {
        int half = invoked.records.size() / 2;
        queue.addFirst(
            new Attempt(
                invoked.records.subList(half, invoked.records.size()),
                invoked.retries,
                invoked.invokes));
        queue.addFirst(
            new Attempt(invoked.records.subList(0, half), invoked.retries, invoked.invokes));
        synchronized (lock) {
          bisections++;
        }
        continue;
      }
      int tried = invoked.retries + 1;
      if (mapping.maximumRetryAttempts() >= 0 && tried > mapping.maximumRetryAttempts()) {
        discard(shard, invoked, error);
        continue;
      }
      synchronized (lock) {
        retries++;
      }
      if (!pause(Math.min(1000, 25L << Math.min(tried, 5)))) {
        return false;
      }
      queue.addFirst(new Attempt(invoked.records, tried, invoked.invokes));
    }
    return true;
  }

  /**
   * The index of the first record to retry after a partial batch response: the batch's size when
   * all succeeded, 0 when the response fails the whole batch (an identifier that is null, empty or
   * not in the batch, or a response that is not the documented shape).
   */
  private static int firstFailure(byte[] response, List<Record> records) {
    JsonNode failures;
    try {
      JsonNode root = response.length == 0 ? null : StreamEvents.JSON.readTree(response);
      failures = root == null || root.isNull() ? null : root.get("batchItemFailures");
    } catch (IOException e) {
      return 0;
    }
    if (failures == null || failures.isNull() || failures.isEmpty()) {
      return records.size();
    }
    if (!failures.isArray()) {
      return 0;
    }
    int lowest = records.size();
    for (JsonNode f : failures) {
      JsonNode id = f.get("itemIdentifier");
      if (id == null || !id.isTextual() || id.asText().isEmpty()) {
        return 0;
      }
      int at = indexOf(records, id.asText());
      if (at < 0) {
        return 0;
      }
      lowest = Math.min(lowest, at);
    }
    return lowest;
  }

  private static int indexOf(List<Record> records, String sequenceNumber) {
    BigInteger wanted;
    try {
      wanted = new BigInteger(sequenceNumber);
    } catch (NumberFormatException e) {
      return -1;
    }
    for (int i = 0; i < records.size(); i++) {
      if (new BigInteger(records.get(i).dynamodb().sequenceNumber()).equals(wanted)) {
        return i;
      }
    }
    return -1;
  }

  private void acknowledge(ShardState shard, List<Record> records, boolean discarded) {
    if (records.isEmpty()) {
      return;
    }
    synchronized (lock) {
      shard.checkpoint = records.get(records.size() - 1).dynamodb().sequenceNumber();
      if (discarded) {
        discardedBatches++;
        discardedRecords += records.size();
      } else {
        recordsAcknowledged += records.size();
      }
      lock.notifyAll();
    }
  }

  private void discard(ShardState shard, Attempt a, String error) {
    Record first = a.records.get(0);
    Record last = a.records.get(a.records.size() - 1);
    FailedBatch failed =
        new FailedBatch(
            mapping,
            streamArn,
            shard.id,
            first.dynamodb().sequenceNumber(),
            last.dynamodb().sequenceNumber(),
            a.records.size(),
            first.dynamodb().approximateCreationDateTime(),
            last.dynamodb().approximateCreationDateTime(),
            a.invokes,
            error,
            Instant.now());
    try {
      destination.send(failed);
    } catch (RuntimeException e) {
      report("the on-failure destination refused a batch: " + e);
    }
    // Lambda moves on past a discarded batch: the shard is not blocked by one bad record for ever.
    acknowledge(shard, a.records, true);
  }

  /** Waits {@code millis} unless closed first; false when closed. */
  private boolean pause(long millis) {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    synchronized (lock) {
      for (long left = millis; left > 0 && !closed; ) {
        try {
          lock.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
        left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
      }
      return !closed;
    }
  }

  private void report(String message) {
    boolean repeated;
    synchronized (lock) {
      repeated = message.equals(problem);
      problem = message;
    }
    // A lasting problem (a table without its stream) is told once, not at every poll.
    if (log != null && !closed && !repeated) {
      log.println("stream: " + message);
    }
  }

  /** Stops reading; a batch being invoked finishes but is not checkpointed. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
