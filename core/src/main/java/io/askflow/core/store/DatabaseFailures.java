package io.askflow.core.store;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/** What a failed database call says about the database: every writer of the store retries the same ones. */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /**
     * Whether {@code e} says the database cannot be reached or cannot take work now (a retry later may succeed,
     * whatever the record), rather than that a statement or a record is at fault.
     */
    public static boolean isUnavailable(Throwable e) {
        return causedBy(e, DataAccessResourceFailureException.class) || causedBy(e, TransientDataAccessException.class)
                || causedBy(e, RecoverableDataAccessException.class)
                || causedBy(e, CannotCreateTransactionException.class);
    }

    /** Whether {@code e} or one of its causes is a {@code type}. */
    public static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
