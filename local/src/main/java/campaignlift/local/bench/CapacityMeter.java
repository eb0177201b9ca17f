package campaignlift.local.bench;

import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Counts the capacity units DynamoDB says each call consumed: asks every data-plane request for
 * {@code ReturnConsumedCapacity = TOTAL} and sums the answers' read and write units. What a call
 * costs is DynamoDB's own figure, not our estimate.
 */
final class CapacityMeter implements ExecutionInterceptor {
  private final DoubleAdder reads = new DoubleAdder();
  private final DoubleAdder writes = new DoubleAdder();

  /** Read and write units consumed so far. */
  record Units(double reads, double writes) {
    Units minus(Units o) {
      return new Units(reads - o.reads, writes - o.writes);
    }
  }

  Units units() {
    return new Units(reads.sum(), writes.sum());
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    var total = ReturnConsumedCapacity.TOTAL;
    SdkRequest r = context.request();
    if (r instanceof TransactWriteItemsRequest t) {
      return t.toBuilder().returnConsumedCapacity(total).build();
    } else if (r instanceof BatchGetItemRequest b) {
      return b.toBuilder().returnConsumedCapacity(total).build();
    } else if (r instanceof BatchWriteItemRequest b) {
      return b.toBuilder().returnConsumedCapacity(total).build();
    } else if (r instanceof QueryRequest q) {
      return q.toBuilder().returnConsumedCapacity(total).build();
    } else if (r instanceof GetItemRequest g) {
      return g.toBuilder().returnConsumedCapacity(total).build();
    } else if (r instanceof PutItemRequest p) {
      return p.toBuilder().returnConsumedCapacity(total).build();
    } else if (r instanceof UpdateItemRequest u) {
      return u.toBuilder().returnConsumedCapacity(total).build();
    }
    return r;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    SdkResponse r = context.response();
    if (r instanceof TransactWriteItemsResponse t) {
      add(t.consumedCapacity(), true);
    } else if (r instanceof BatchGetItemResponse b) {
      add(b.consumedCapacity(), false);
    } else if (r instanceof BatchWriteItemResponse b) {
      add(b.consumedCapacity(), true);
    } else if (r instanceof QueryResponse q) {
      add(q.consumedCapacity(), false);
    } else if (r instanceof GetItemResponse g) {
      add(g.consumedCapacity(), false);
    } else if (r instanceof PutItemResponse p) {
      add(p.consumedCapacity(), true);
    } else if (r instanceof UpdateItemResponse u) {
      add(u.consumedCapacity(), true);
    }
  }

  private void add(List<ConsumedCapacity> list, boolean write) {
    list.forEach(c -> add(c, write));
  }

  /**
   * Transactions report {@code CapacityUnits} (twice a plain write's, as DynamoDB bills them); some
   * servers leave the read/write split empty, so the operation's kind decides where units go.
   */
  private void add(ConsumedCapacity c, boolean write) {
    if (c == null || c.capacityUnits() == null) {
      return;
    }
    if (c.readCapacityUnits() != null || c.writeCapacityUnits() != null) {
      reads.add(c.readCapacityUnits() == null ? 0 : c.readCapacityUnits());
      writes.add(c.writeCapacityUnits() == null ? 0 : c.writeCapacityUnits());
    } else if (write) {
      writes.add(c.capacityUnits());
    } else {
      reads.add(c.capacityUnits());
    }
  }
}
