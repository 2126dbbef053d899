package io.miaotui.server.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a short transaction, and runs it again (at most {@value #ATTEMPTS} times in all) when PostgreSQL aborted
 * it for a transient reason such as a deadlock victim or a lock timeout. Our lock order makes deadlocks
 * rare; this keeps the rare one from reaching a client as an error.
 */
@Component
public class RetryingTransactions {
    private static final Logger log = LoggerFactory.getLogger(RetryingTransactions.class);
    static final int ATTEMPTS = 3;

    private final TransactionTemplate transaction;

    public RetryingTransactions(TransactionTemplate transaction) {
        this.transaction = transaction;
    }

    public <T> T execute(String what, TransactionCallback<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.execute(work);
            } catch (TransientDataAccessException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                log.warn("{}: transient database failure on attempt {} ({}); retrying", what, attempt,
                        e.getMostSpecificCause().getMessage());
            }
        }
    }
}
