package dev.bulwark.promises;

import java.util.List;

/**
 * What a door does with one {@link Budget}: it has none, for a reason it states, or it keeps one, which holders fill
 * and give back by leaving or failing while a probe shows whether another use of it is served.
 */
sealed interface BudgetAtDoor {

    /** The door has no such budget. */
    static BudgetAtDoor none(String reason) {
        return new None(reason);
    }

    /** The door keeps the budget, but the matrix does not check it there yet: the report shows it, with why. */
    static BudgetAtDoor unchecked(String reason) {
        return new Unchecked(reason);
    }

    /** The door keeps the budget: {@code probe} uses it once, each of {@code holders} fills it a way of its own. */
    static BudgetAtDoor kept(Probe probe, Holder... holders) {
        return new Kept(probe, List.of(holders));
    }

    /** @param reason why the door has no such budget, for whoever reads the test report */
    record None(String reason) implements BudgetAtDoor {}

    /** @param reason why the budget is not checked at this door yet */
    record Unchecked(String reason) implements BudgetAtDoor {}

    /**
     * @param probe one use of the budget by a caller other than the holder where the budget is shared, by the holder
     *     where it is the caller's own
     * @param holders the ways a holder fills the budget and then departs
     */
    record Kept(Probe probe, List<Holder> holders) implements BudgetAtDoor {}

    /** One use of the budget. */
    interface Probe {
        /** Whether one use of the budget was served; false when it was refused, or not served within a few seconds. */
        boolean served() throws Exception;
    }

    /** A holder that fills the budget, and departs one way. */
    interface Holder {
        /** How the holder departs: "leaves", "fails", "is cancelled". */
        String departs();

        /** Fills the budget; returns once it is full. */
        Held fill() throws Exception;
    }

    /** A budget filled by one holder. */
    interface Held extends AutoCloseable {
        /** The holder departs, as its {@link Holder#departs()} says. */
        void depart() throws Exception;

        /** Lets go of whatever the holder still has, once the check is over. */
        @Override
        void close() throws Exception;
    }
}
