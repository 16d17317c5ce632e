package io.askflow.simulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last {@value #CAPACITY} generation requests received, oldest first. */
final class RecentRequests {

    static final int CAPACITY = 256;

    private final Deque<RecordedRequest> requests = new ArrayDeque<>();

    synchronized void add(RecordedRequest request) {
        if (requests.size() == CAPACITY) {
            requests.removeFirst();
        }
        requests.addLast(request);
    }

    synchronized List<RecordedRequest> snapshot() {
        return List.copyOf(requests);
    }

    synchronized void clear() {
        requests.clear();
    }
}
