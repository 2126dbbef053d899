package io.miaotui.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.order.OrderId;
import io.miaotui.refund.RefundId;
import io.miaotui.shop.ShopId;
import io.miaotui.testing.Gen;
import io.miaotui.testing.Tries;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Drives one order through random sequences of flows that a simple escrow model allows and checks the ledger the
 * entries make against that model after every step.
 */
class MoneyFlowsProperties {

    private static final OrderId ORDER = new OrderId("O-1");
    private static final BuyerId BUYER = new BuyerId("B-1");
    private static final ShopId SHOP = new ShopId("S-1");

    private static final Account BUYER_ACCOUNT = Account.buyer(BUYER);
    private static final Account ESCROW = Account.escrow(ORDER);
    private static final Account MERCHANT = Account.merchantPayable(SHOP);

    enum Kind { APPROVE, RETRY_FAILED, CONFIRM, FAIL, SETTLE }

    /** One wish for the next step; {@code pick} chooses the amount or refund among those the model allows. */
    record Step(Kind kind, long pick) {
    }

    /** The escrow model: what is in escrow, which refunds are in flight, which failed and may be approved again. */
    static final class Model {
        long escrow;
        long confirmed;
        long settled;
        final Map<RefundId, Long> inFlight = new LinkedHashMap<>();
        final Map<RefundId, Long> failed = new LinkedHashMap<>();
        int nextRefund = 1;

        long inFlightTotal() {
            return inFlight.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static Money fen(long minorUnits) {
        return Money.of(minorUnits, Currency.CNY);
    }

    private static List<Step> steps(Gen gen) {
        return gen.list(0, 60, g -> new Step(g.oneOf(Kind.class), g.longs(0, Long.MAX_VALUE)));
    }

    /** The entry the model allows for {@code step}, applied to the model, or null when the model allows none. */
    private static LedgerEntry apply(Model model, Step step) {
        switch (step.kind()) {
            case APPROVE -> {
                if (model.escrow == 0) {
                    return null;
                }
                long amount = 1 + step.pick() % model.escrow;
                RefundId refund = new RefundId("R-" + model.nextRefund++);
                model.escrow -= amount;
                model.inFlight.put(refund, amount);
                return MoneyFlows.refundApproved(refund, ORDER, fen(amount));
            }
            case RETRY_FAILED -> {
                RefundId refund = pick(model.failed, step.pick());
                if (refund == null || model.failed.get(refund) > model.escrow) {
                    return null;
                }
                long amount = model.failed.remove(refund);
                model.escrow -= amount;
                model.inFlight.put(refund, amount);
                return MoneyFlows.refundApproved(refund, ORDER, fen(amount));
            }
            case CONFIRM -> {
                RefundId refund = pick(model.inFlight, step.pick());
                if (refund == null) {
                    return null;
                }
                long amount = model.inFlight.remove(refund);
                model.confirmed += amount;
                return MoneyFlows.payoutConfirmed(refund, ORDER, fen(amount));
            }
            case FAIL -> {
                RefundId refund = pick(model.inFlight, step.pick());
                if (refund == null) {
                    return null;
                }
                long amount = model.inFlight.remove(refund);
                model.failed.put(refund, amount);
                model.escrow += amount;
                return MoneyFlows.payoutFailed(refund, ORDER, fen(amount));
            }
            case SETTLE -> {
                if (model.escrow == 0) {
                    return null;
                }
                long amount = 1 + step.pick() % model.escrow;
                model.escrow -= amount;
                model.settled += amount;
                return MoneyFlows.settlement(ORDER, SHOP, fen(amount));
            }
            default -> throw new AssertionError(step.kind());
        }
    }

    private static RefundId pick(Map<RefundId, Long> refunds, long pick) {
        if (refunds.isEmpty()) {
            return null;
        }
        return new ArrayList<>(refunds.keySet()).get((int) (pick % refunds.size()));
    }

    private static Map<Account, Long> balances(List<LedgerEntry> entries) {
        Map<Account, Long> balances = new HashMap<>();
        for (LedgerEntry entry : entries) {
            for (Posting posting : entry.postings()) {
                balances.merge(posting.account(), posting.amount().minorUnits(), Long::sum);
            }
        }
        return balances;
    }

    @Test
    void every_account_balance_matches_the_escrow_model_after_every_step_and_all_balances_sum_to_zero() {
        Map<EntryKind, Integer> flows = new EnumMap<>(EntryKind.class);
        int tries = Tries.check(1_000, gen -> {
            long paid = gen.longs(1, 100_000_000_000L);
            Model model = new Model();
            model.escrow = paid;
            List<LedgerEntry> entries = new ArrayList<>(List.of(MoneyFlows.payment(ORDER, BUYER, fen(paid))));

            checkAgainst(model, paid, entries);
            for (Step step : steps(gen)) {
                LedgerEntry entry = apply(model, step);
                if (entry == null) {
                    continue;
                }
                flows.merge(entry.kind(), 1, Integer::sum);
                entries.add(entry);
                checkAgainst(model, paid, entries);
            }
        });

        // The histories must exercise every flow, or the checks above prove little (100 of each in 1,000 tries).
        for (EntryKind kind : List.of(EntryKind.REFUND_APPROVED, EntryKind.PAYOUT_CONFIRMED,
                EntryKind.PAYOUT_FAILED, EntryKind.SETTLEMENT)) {
            assertThat(flows.getOrDefault(kind, 0)).as("%s entries in %d tries", kind, tries).isGreaterThan(tries / 10);
        }
    }

    private static void checkAgainst(Model model, long paid, List<LedgerEntry> entries) {
        Map<Account, Long> balances = balances(entries);

        assertThat(balances.values().stream().mapToLong(Long::longValue).sum())
                .as("all balances together").isZero();
        assertThat(entries).allSatisfy(e -> assertThat(e.postings().stream()
                .mapToLong(p -> p.amount().minorUnits()).sum()).as("postings of %s", e.kind()).isZero());

        Money escrowByEntries = entries.stream().map(LedgerEntry::escrowChange).reduce(fen(0), Money::plus);
        assertThat(escrowByEntries).as("sum of escrowChange()").isEqualTo(fen(model.escrow));
        assertThat(escrowByEntries.minorUnits()).as("escrow").isNotNegative();
        assertThat(balances.getOrDefault(ESCROW, 0L)).as("escrow balance").isEqualTo(model.escrow);

        assertThat(balances.getOrDefault(BUYER_ACCOUNT, 0L)).as("buyer").isEqualTo(-paid);
        assertThat(balances.getOrDefault(Account.REFUNDS_IN_FLIGHT, 0L)).as("refunds in flight")
                .isEqualTo(model.inFlightTotal());
        assertThat(balances.getOrDefault(Account.GATEWAY_CLEARING, 0L)).as("gateway clearing")
                .isEqualTo(model.confirmed);
        assertThat(balances.getOrDefault(MERCHANT, 0L)).as("merchant").isEqualTo(model.settled);
        assertThat(balances.keySet()).as("accounts touched")
                .isSubsetOf(BUYER_ACCOUNT, ESCROW, Account.REFUNDS_IN_FLIGHT, Account.GATEWAY_CLEARING, MERCHANT);

        assertThat(model.escrow + model.inFlightTotal() + model.confirmed + model.settled)
                .as("the model keeps what was paid").isEqualTo(paid);
    }
}
