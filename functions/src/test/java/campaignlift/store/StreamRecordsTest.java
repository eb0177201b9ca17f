package campaignlift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.aggregate.Change;
import campaignlift.aggregate.Unreadable;
import campaignlift.json.Json;
import campaignlift.recording.Counters;
import campaignlift.recording.Enrolment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Records of a DynamoDB stream event in the shape Lambda delivers (AWS's "DynamoDB event" example:
 * eventName, userIdentity, dynamodb with Keys, NewImage, OldImage, SequenceNumber and
 * ApproximateCreationDateTime in epoch seconds), written by hand.
 */
class StreamRecordsTest {
  private static final String IMAGE =
      """
      {"pk": {"S": "spring#3"}, "userId": {"S": "user-42"}, "campaignId": {"S": "spring"},
       "group": {"S": "coupon"}, "t0": {"N": "1772442900000"}, "windowDays": {"N": "14"},
       "attributes": {"M": {"channel": {"S": "email"}}}, "groupsSeen": {"SS": ["coupon"]},
       "exposures": {"N": "2"}, "conflict": {"BOOL": false},
       "signups": {"N": "1"}, "activity": {"N": "3"}, "purchases": {"N": "2"},
       "revenue": {"N": "19.90"}, "preSignups": {"N": "0"}, "preActivity": {"N": "1"},
       "prePurchases": {"N": "0"}, "preRevenue": {"N": "0"}, "purchasesBeforeEnd": {"N": "2"},
       "purchasesBeforeStart": {"N": "0"}}
      """;

  private static final Enrolment ENROLMENT =
      new Enrolment(
          "spring",
          "user-42",
          3,
          "coupon",
          Instant.ofEpochMilli(1772442900000L),
          14,
          Map.of("channel", "email"),
          Set.of("coupon"),
          2,
          null,
          new Counters(1, 3, 2, new BigDecimal("19.90"), 0, 1, 0, BigDecimal.ZERO, 2, 0));

  private static ObjectNode record(String eventName, boolean oldImage, boolean newImage) {
    ObjectNode r = Json.MAPPER.createObjectNode();
    r.put("eventID", "c4ca4238a0b923820dcc509a6f75849b");
    r.put("eventName", eventName);
    r.put("eventVersion", "1.1");
    r.put("eventSource", "aws:dynamodb");
    r.put("awsRegion", "eu-west-1");
    ObjectNode db = r.putObject("dynamodb");
    db.put("ApproximateCreationDateTime", 1772442960);
    db.set("Keys", read("{\"pk\": {\"S\": \"spring#3\"}, \"userId\": {\"S\": \"user-42\"}}"));
    if (newImage) {
      db.set("NewImage", read(IMAGE));
    }
    if (oldImage) {
      db.set("OldImage", read(IMAGE));
    }
    db.put("SequenceNumber", "4421584500000000017450439091");
    db.put("SizeBytes", 26);
    db.put("StreamViewType", "NEW_AND_OLD_IMAGES");
    return r;
  }

  private static JsonNode read(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void anInsertCarriesTheNewEnrolmentInItsShardsOrder() {
    Change c = assertInstanceOf(Change.class, StreamRecords.decode(record("INSERT", false, true)));
    assertEquals("spring", c.campaignId());
    assertEquals(3, c.writeShard());
    assertEquals("user-42", c.userId());
    assertEquals(new BigInteger("4421584500000000017450439091"), c.sequence());
    assertEquals("4421584500000000017450439091", c.sequenceNumber());
    assertEquals(Instant.ofEpochSecond(1772442960), c.approximateCreation());
    assertNull(c.oldImage());
    assertEquals(ENROLMENT, c.newImage());
    assertFalse(c.ttlExpiry());
  }

  @Test
  void aRemovalByTtlIsToldFromARemovalByAUser() {
    ObjectNode ttl = record("REMOVE", true, false);
    ttl.putObject("userIdentity")
        .put("type", "Service")
        .put("principalId", "dynamodb.amazonaws.com");
    Change expiry = assertInstanceOf(Change.class, StreamRecords.decode(ttl));
    assertTrue(expiry.ttlExpiry());
    assertEquals(ENROLMENT, expiry.oldImage());
    assertNull(expiry.newImage());
    Change byUser =
        assertInstanceOf(Change.class, StreamRecords.decode(record("REMOVE", true, false)));
    assertFalse(byUser.ttlExpiry());
  }

  @Test
  void anImageThatIsNotAnEnrolmentIsAChangeCountedAsUnreadable() {
    ObjectNode r = record("MODIFY", true, true);
    ((ObjectNode) r.path("dynamodb").path("NewImage")).remove("group");
    Change c = assertInstanceOf(Change.class, StreamRecords.decode(r));
    assertTrue(c.newUnreadable());
    assertNull(c.newImage());
    assertFalse(c.oldUnreadable());
    assertEquals(ENROLMENT, c.oldImage());
  }

  @Test
  void aRecordThatCannotBeReadIsUnreadableWithItsSequenceNumberAndPartition() {
    ObjectNode r = record("MODIFY", true, true);
    ((ObjectNode) r.path("dynamodb")).put("ApproximateCreationDateTime", "yesterday");
    Unreadable u = assertInstanceOf(Unreadable.class, StreamRecords.decode(r));
    assertEquals("4421584500000000017450439091", u.sequenceNumber());
    assertEquals("spring#3", u.partition());
  }

  @Test
  void aRecordWithoutKeysIsUnreadableWithoutAPartition() {
    ObjectNode r = record("INSERT", false, true);
    ((ObjectNode) r.path("dynamodb")).remove("Keys");
    Unreadable u = assertInstanceOf(Unreadable.class, StreamRecords.decode(r));
    assertNull(u.partition());
  }
}
