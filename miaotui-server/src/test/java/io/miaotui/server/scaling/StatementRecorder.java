package io.miaotui.server.scaling;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * Wraps a DataSource so that, while recording, every statement sent is kept with the values bound to it
 * (JdbcClient sends named parameters as a PreparedStatement's positions).
 */
final class StatementRecorder {
    /** One statement as PostgreSQL received it. */
    record Sent(String sql, List<Object> values) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile boolean recording;

    void start() {
        sent.clear();
        recording = true;
    }

    List<Sent> stop() {
        recording = false;
        return List.copyOf(sent);
    }

    DataSource wrap(DataSource target) {
        return proxy(DataSource.class, target, (method, args, result) -> result instanceof Connection c
                ? proxy(Connection.class, c, this::onConnection) : result);
    }

    private Object onConnection(Method method, Object[] args, Object result) {
        if (result instanceof PreparedStatement ps && args != null && args.length > 0 && args[0] instanceof String sql) {
            var values = new TreeMap<Integer, Object>();
            return proxy(PreparedStatement.class, ps, (m, a, r) -> {
                String name = m.getName();
                if (name.startsWith("set") && a != null && a.length >= 2 && a[0] instanceof Integer index) {
                    values.put(index, a[1]);
                } else if (name.equals("clearParameters")) {
                    values.clear();
                } else if (name.equals("addBatch") || (name.startsWith("execute") && !name.endsWith("Batch"))) {
                    record(sql, values); // a batch is recorded row by row, as its rows are added
                }
                return r;
            });
        }
        if (result instanceof Statement s && !(result instanceof PreparedStatement)) {
            return proxy(Statement.class, s, (m, a, r) -> {
                if (m.getName().startsWith("execute") && a != null && a.length > 0 && a[0] instanceof String sql) {
                    record(sql, Map.of());
                }
                return r;
            });
        }
        return result;
    }

    private void record(String sql, Map<Integer, Object> values) {
        if (recording) {
            sent.add(new Sent(sql.strip().replaceAll("\\s+", " "), new ArrayList<>(values.values())));
        }
    }

    /** What to do with a call's result (after the call went through to the target). */
    private interface After {
        Object apply(Method method, Object[] args, Object result) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, After after) {
        InvocationHandler handler = (p, method, args) -> {
            if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
                return method.invoke(target, args);
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return after.apply(method, args, result);
        };
        return (T) Proxy.newProxyInstance(StatementRecorder.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
