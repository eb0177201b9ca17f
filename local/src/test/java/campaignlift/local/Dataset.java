package campaignlift.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A seeded campaign's raw records — exposures (re-exposures, late earlier ones, explicit groups, a
 * few conflicts, attributes, userCreatedAt) and outcomes of every type (before, in and after the
 * window, pre-window, referrals) — with ids carrying a prefix so several copies can live in one
 * store. {@link #expected()} computes every enrolment's values straight from the raw records,
 * independently of the project's code.
 */
final class Dataset {
  static final int WINDOW_DAYS = 14;
  static final String[] GROUPS = {"control", "coupon"};

  record Exposure(String userId, Instant at, String group, String channel, Instant userCreatedAt) {
    ObjectNode json() {
      ObjectNode n = Http.JSON.createObjectNode();
      n.put("userId", userId);
      n.put("at", at.toString());
      if (group != null) {
        n.put("group", group);
      }
      if (channel != null) {
        n.putObject("attributes").put("channel", channel);
      }
      if (userCreatedAt != null) {
        n.put("userCreatedAt", userCreatedAt.toString());
      }
      return n;
    }
  }

  record Outcome(
      String eventId, String userId, String type, Instant at, BigDecimal value, String referredBy) {
    ObjectNode json() {
      ObjectNode n = Http.JSON.createObjectNode();
      n.put("eventId", eventId);
      n.put("userId", userId);
      n.put("type", type);
      n.put("at", at.toString());
      if (value != null) {
        n.put("value", value);
      }
      if (referredBy != null) {
        n.put("referredBy", referredBy);
      }
      return n;
    }
  }

  final String prefix;
  final String campaignId;
  final Instant start;
  final List<Exposure> exposures = new ArrayList<>();
  final List<Outcome> outcomes = new ArrayList<>();

  /**
   * @param users number of exposed users (plus a quarter as many never-exposed users who only send
   *     events)
   */
  Dataset(String prefix, int users, long seed, Instant now) {
    this(prefix, users, seed, now, 7);
  }

  /**
   * @param maxEvents each user sends 0 to {@code maxEvents - 1} outcome events
   */
  Dataset(String prefix, int users, long seed, Instant now, int maxEvents) {
    this.prefix = prefix;
    this.campaignId = prefix + "campaign";
    this.start = now.minus(Duration.ofDays(90)).truncatedTo(ChronoUnit.DAYS);
    Random r = new Random(seed);
    int event = 0;
    for (int i = 0; i < users + users / 4; i++) {
      String user = prefix + "u" + i;
      boolean exposed = i < users;
      Instant first = start.plus(Duration.ofMinutes(r.nextInt(40 * 24 * 60)));
      if (exposed) {
        String group = r.nextDouble() < 0.5 ? GROUPS[r.nextInt(2)] : null;
        String channel = r.nextDouble() < 0.7 ? (r.nextBoolean() ? "email" : "push") : null;
        Instant created = r.nextDouble() < 0.3 ? first.minus(Duration.ofDays(r.nextInt(90))) : null;
        int count = 1 + r.nextInt(3);
        for (int k = 0; k < count; k++) {
          // Distinct minutes per user keep the earliest exposure unambiguous.
          Instant at = first.plus(Duration.ofMinutes(k * 997L + r.nextInt(500)));
          String g = group;
          if (k > 0 && group != null && r.nextDouble() < 0.05) {
            g = group.equals("control") ? "coupon" : "control"; // a conflict
          }
          exposures.add(
              new Exposure(user, at, g, k == 0 ? channel : null, k == 0 ? created : null));
        }
      }
      int events = r.nextInt(maxEvents);
      for (int k = 0; k < events; k++) {
        Instant at = first.plus(Duration.ofMinutes(r.nextInt(60 * 24 * 60) - 25 * 24 * 60));
        if (at.isAfter(now.minus(Duration.ofMinutes(1)))) {
          at = now.minus(Duration.ofMinutes(1 + r.nextInt(1000)));
        }
        double kind = r.nextDouble();
        String id = prefix + "e" + (event++);
        if (kind < 0.15) {
          String referrer =
              r.nextDouble() < 0.5 ? prefix + "u" + r.nextInt(users + users / 4) : null;
          if (user.equals(referrer)) {
            referrer = null;
          }
          outcomes.add(new Outcome(id, user, "signup", at, null, referrer));
        } else if (kind < 0.6) {
          outcomes.add(new Outcome(id, user, "activity", at, null, null));
        } else {
          BigDecimal value =
              BigDecimal.valueOf(r.nextDouble() < 0.2 ? 0 : 1 + r.nextInt(20000), 2)
                  .setScale(2, RoundingMode.UNNECESSARY);
          outcomes.add(new Outcome(id, user, "purchase", at, value, null));
        }
      }
    }
  }

  String campaignBody() {
    ObjectNode body = Http.JSON.createObjectNode();
    body.put("name", "dataset " + prefix);
    body.put("startAt", start.toString());
    body.put("windowDays", WINDOW_DAYS);
    ArrayNode groups = body.putArray("groups");
    groups.addObject().put("name", "control").put("weight", 0.2).put("control", true);
    groups.addObject().put("name", "coupon").put("weight", 0.8);
    body.putArray("segmentAttributes").add("channel");
    return body.toString();
  }

  /** Batches of at most {@code size} records of one kind, as request bodies. */
  static List<String> bodies(String field, List<ObjectNode> records, int size) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < records.size(); i += size) {
      ObjectNode body = Http.JSON.createObjectNode();
      ArrayNode array = body.putArray(field);
      records.subList(i, Math.min(records.size(), i + size)).forEach(array::add);
      out.add(body.toString());
    }
    return out;
  }

  List<ObjectNode> exposureJson() {
    return exposures.stream().map(Exposure::json).toList();
  }

  List<ObjectNode> outcomeJson() {
    return outcomes.stream().map(Outcome::json).toList();
  }

  /**
   * Every enrolment's values computed straight from the raw records: user id without prefix → field
   * → value, the same shape as {@link StoredEnrolments#read}. The assigned group for exposures
   * without one is taken from {@code assigned} (the API's assignment endpoint), the only input from
   * the system under test.
   */
  Map<String, Map<String, String>> expected(Map<String, String> assigned) {
    Map<String, List<Exposure>> byUser = new HashMap<>();
    exposures.forEach(x -> byUser.computeIfAbsent(x.userId(), k -> new ArrayList<>()).add(x));
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (Map.Entry<String, List<Exposure>> e : byUser.entrySet()) {
      String user = e.getKey();
      List<Exposure> xs = new ArrayList<>(e.getValue());
      xs.sort((a, b) -> a.at().compareTo(b.at()));
      Exposure first = xs.get(0);
      Set<String> groups = new HashSet<>();
      for (Exposure x : xs) {
        groups.add(x.group() != null ? x.group() : assigned.get(user));
      }
      Instant t0 = first.at();
      Instant known = null;
      for (Exposure x : xs) {
        if (x.userCreatedAt() != null) {
          known = known == null || x.userCreatedAt().isBefore(known) ? x.userCreatedAt() : known;
        }
      }
      Counts c = new Counts();
      for (Outcome o : outcomes) {
        boolean own = o.userId().equals(user);
        // Own sign-up and a referral credit the same metric; a self-referral is impossible.
        if (own || user.equals(o.referredBy())) {
          c.add(o, t0, Duration.ofDays(WINDOW_DAYS));
        }
        if (own) {
          known = known == null || o.at().isBefore(known) ? o.at() : known;
        }
      }
      Map<String, String> v = new TreeMap<>();
      v.put("group", first.group() != null ? first.group() : assigned.get(user));
      v.put("t0", Long.toString(t0.toEpochMilli()));
      v.put("channel", first.channel() == null ? "" : first.channel());
      v.put("conflict", Boolean.toString(groups.size() > 1));
      v.put("groupsSeen", String.join(",", new java.util.TreeSet<>(groups)));
      v.put("exposures", Integer.toString(new HashSet<>(xs).size()));
      v.put("firstKnownAt", known == null ? "" : Long.toString(known.toEpochMilli()));
      v.put("signups", Long.toString(c.signups));
      v.put("activity", Long.toString(c.activity));
      v.put("purchases", Long.toString(c.purchases));
      v.put("revenue", c.revenue.stripTrailingZeros().toPlainString());
      v.put("preSignups", Long.toString(c.preSignups));
      v.put("preActivity", Long.toString(c.preActivity));
      v.put("prePurchases", Long.toString(c.prePurchases));
      v.put("preRevenue", c.preRevenue.stripTrailingZeros().toPlainString());
      v.put("purchasesBeforeEnd", Long.toString(c.purchasesBeforeEnd));
      v.put("purchasesBeforeStart", Long.toString(c.purchasesBeforeStart));
      out.put(user.substring(prefix.length()), v);
    }
    return out;
  }

  /**
   * One user's counters straight from docs/metrics.md: events in the window [t0, t0 + window) and
   * in the pre-window [t0 - window, t0) by type, and purchases at any time before the window's end
   * and before t0 (for the repeat-purchase rate).
   */
  static final class Counts {
    long signups;
    long activity;
    long purchases;
    long preSignups;
    long preActivity;
    long prePurchases;
    long purchasesBeforeEnd;
    long purchasesBeforeStart;
    BigDecimal revenue = BigDecimal.ZERO;
    BigDecimal preRevenue = BigDecimal.ZERO;

    /** Counts one of the user's own events or a sign-up referred by the user. */
    void add(Outcome o, Instant t0, Duration window) {
      Instant end = t0.plus(window);
      boolean in = !o.at().isBefore(t0) && o.at().isBefore(end);
      boolean inPre = !o.at().isBefore(t0.minus(window)) && o.at().isBefore(t0);
      switch (o.type()) {
        case "signup" -> {
          signups += in ? 1 : 0;
          preSignups += inPre ? 1 : 0;
        }
        case "activity" -> {
          activity += in ? 1 : 0;
          preActivity += inPre ? 1 : 0;
        }
        case "purchase" -> {
          purchases += in ? 1 : 0;
          prePurchases += inPre ? 1 : 0;
          revenue = in ? revenue.add(o.value()) : revenue;
          preRevenue = inPre ? preRevenue.add(o.value()) : preRevenue;
          purchasesBeforeEnd += o.at().isBefore(end) ? 1 : 0;
          purchasesBeforeStart += o.at().isBefore(t0) ? 1 : 0;
        }
        default -> throw new IllegalArgumentException("outcome type " + o.type());
      }
    }
  }

  /** Exposures and outcomes interleaved in a seeded random order. */
  List<ObjectNode[]> shuffledTogether(long seed) {
    List<ObjectNode[]> all = new ArrayList<>();
    exposureJson().forEach(x -> all.add(new ObjectNode[] {x, null}));
    outcomeJson().forEach(o -> all.add(new ObjectNode[] {null, o}));
    Collections.shuffle(all, new Random(seed));
    return all;
  }
}
