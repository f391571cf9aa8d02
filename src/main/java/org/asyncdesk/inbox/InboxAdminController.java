package org.asyncdesk.inbox;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.asyncdesk.web.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' view of the inbox: what is parked and why, and re-drive once the cause is
 * fixed. HTTP Basic, group {@code camunda-admin}. Message text is not shown here (it is
 * in the transcript for agents); sender addresses are, so an operator can tell customers
 * apart.
 */
@RestController
@RequestMapping("/api/admin/inbox")
class InboxAdminController {

    private final InboxRepository repository;

    private final InboxDispatcher dispatcher;

    private final Clock clock;

    InboxAdminController(InboxRepository repository, InboxDispatcher dispatcher, Clock clock) {
        this.repository = repository;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    record EntryView(long id, String channel, String providerMessageId, String senderAddress, String conversationId,
            String status, int attempts, String lastError, Instant receivedAt, int textLength, int attachments) {
    }

    record Overview(Map<String, Long> counts, List<EntryView> entries) {
    }

    @GetMapping
    Overview list(@RequestParam(defaultValue = "PARKED") String status, @RequestParam(defaultValue = "100") int limit) {
        InboxStatus s;
        try {
            s = InboxStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw new BadInboxRequest("'status' must be one of PENDING, DONE, PARKED");
        }
        if (limit < 1 || limit > 1000) {
            throw new BadInboxRequest("'limit' must be between 1 and 1000");
        }
        return new Overview(repository.countByStatus(),
                repository.withStatus(s, limit).stream().map(InboxAdminController::view).toList());
    }

    @PostMapping("/{id}/redrive")
    ResponseEntity<EntryView> redrive(@PathVariable long id) {
        InboxEntry entry = repository.find(id).orElseThrow(() -> new UnknownEntry(id));
        if (entry.status() != InboxStatus.PARKED || repository.redrive(id, clock.instant()) == 0) {
            throw new NotParked(id, entry.status());
        }
        dispatcher.wakeUpAfterCommit();
        return ResponseEntity.accepted().body(view(repository.find(id).orElseThrow()));
    }

    @PostMapping("/redrive")
    Map<String, Integer> redriveAll() {
        int n = repository.redriveAllParked(clock.instant());
        dispatcher.wakeUpAfterCommit();
        return Map.of("redriven", n);
    }

    private static EntryView view(InboxEntry e) {
        return new EntryView(e.id(), e.channel().key(), e.providerMessageId(), e.senderAddress(), e.conversationId(),
                e.status().name(), e.attempts(), e.lastError(), e.receivedAt(), e.body().length(),
                e.attachments().size());
    }

    static class BadInboxRequest extends ProblemException {

        BadInboxRequest(String detail) {
            super(HttpStatus.BAD_REQUEST, "invalid-inbox-request", "Invalid inbox request", detail);
        }

    }

    static class UnknownEntry extends ProblemException {

        UnknownEntry(long id) {
            super(HttpStatus.NOT_FOUND, "inbox-entry-not-found", "Inbox entry not found", "no inbox entry " + id);
        }

    }

    static class NotParked extends ProblemException {

        NotParked(long id, InboxStatus status) {
            super(HttpStatus.CONFLICT, "inbox-entry-not-parked", "Inbox entry not parked",
                    "inbox entry " + id + " is " + status + "; only PARKED entries can be re-driven");
        }

    }

}
