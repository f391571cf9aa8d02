package org.asyncdesk.channel.sandbox;

import java.security.Principal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.asyncdesk.conversation.Channel;
import org.asyncdesk.security.TeamScope;
import org.asyncdesk.web.NulCharacters;
import org.asyncdesk.web.ProblemException;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The sandbox page's API: what was "sent" on channels without credentials, and simulated
 * inbound messages, which take the channel's own webhook parsing and the inbox like a
 * real one. Only channels that are sandboxed can be simulated (no fake customer messages
 * on a live WhatsApp number). Agents' login required (HTTP Basic, see
 * {@code ApiAuthentication}); an agent sees what was sent in their teams' conversations
 * only ({@link TeamScope}).
 */
@RestController
@RequestMapping("/api/sandbox")
class SandboxController {

    static final int SHOWN = 200;

    // an agent's share of the newest messages: looked for among this many
    static final int SCANNED = 2000;

    private final Sandbox sandbox;

    private final TeamScope teams;

    private final Map<Channel, SimulatedInbound> simulators = new EnumMap<>(Channel.class);

    private final Map<Channel, Boolean> sandboxed = new EnumMap<>(Channel.class);

    SandboxController(Sandbox sandbox, TeamScope teams, List<SimulatedInbound> simulators,
            List<SandboxAware> channels) {
        this.sandbox = sandbox;
        this.teams = teams;
        simulators.forEach(s -> this.simulators.put(s.channel(), s));
        channels.forEach(c -> this.sandboxed.put(c.channel(), c.sandboxed()));
    }

    record ChannelView(String channel, boolean sandboxed) {
    }

    record Overview(List<ChannelView> channels, List<Sandbox.SandboxMessage> outbound) {
    }

    record Simulation(String channel, String from, String name, String text) {
    }

    @GetMapping
    Overview overview(Principal user) {
        List<Sandbox.SandboxMessage> outbound;
        if (teams.seesEverything(user.getName())) {
            outbound = sandbox.latest(SHOWN);
        }
        else {
            List<Sandbox.SandboxMessage> latest = sandbox.latest(SCANNED);
            var visible = teams.visible(user.getName(),
                    latest.stream().map(Sandbox.SandboxMessage::conversationId).toList());
            outbound = latest.stream().filter(m -> visible.contains(m.conversationId())).limit(SHOWN).toList();
        }
        return new Overview(
                sandboxed.entrySet().stream().map(e -> new ChannelView(e.getKey().key(), e.getValue())).toList(),
                outbound);
    }

    @PostMapping("/inbound")
    ResponseEntity<Map<String, String>> simulate(@RequestBody(required = false) Simulation s) {
        if (s == null) {
            throw new InvalidSimulation("body", "send a JSON object with channel, from, name and text");
        }
        for (var field : Map
            .of("channel", String.valueOf(s.channel()), "from", String.valueOf(s.from()), "name",
                    String.valueOf(s.name()), "text", String.valueOf(s.text()))
            .entrySet()) {
            if (NulCharacters.in(field.getValue())) {
                throw new InvalidSimulation(field.getKey(), "'" + field.getKey() + "' must not contain NUL characters");
            }
        }
        Channel channel;
        try {
            channel = Channel.fromKey(s.channel() == null ? "" : s.channel().strip());
        }
        catch (IllegalArgumentException e) {
            throw new InvalidSimulation("channel", "'channel' must be one of whatsapp, sms, messenger, email");
        }
        SimulatedInbound simulator = simulators.get(channel);
        if (simulator == null) {
            throw new InvalidSimulation("channel",
                    "'" + channel.key() + "' cannot be simulated here (web chat has its own page, /chat)");
        }
        if (!Boolean.TRUE.equals(sandboxed.get(channel))) {
            throw new LiveChannel(channel);
        }
        if (s.from() == null || s.from().isBlank() || s.from().length() > 320) {
            throw new InvalidSimulation("from",
                    "'from' is the customer's address on that channel (phone number, PSID, e-mail)");
        }
        if (channel == Channel.EMAIL && !s.from().contains("@")) {
            throw new InvalidSimulation("from", "'from' must be an e-mail address for the e-mail channel");
        }
        if (s.text() == null || s.text().isBlank()) {
            throw new InvalidSimulation("text", "'text' is required and must not be empty");
        }
        if (s.text().length() > 4096) {
            throw new InvalidSimulation("text", "'text' is longer than 4096 characters");
        }
        String id = simulator.simulate(s.from().strip(),
                s.name() == null || s.name().isBlank() ? null : s.name().strip(), s.text().strip());
        return ResponseEntity.status(HttpStatus.ACCEPTED)
            .body(Map.of("channel", channel.key(), "providerMessageId", id));
    }

    static class InvalidSimulation extends ProblemException {

        InvalidSimulation(String field, String detail) {
            super(HttpStatus.BAD_REQUEST, "invalid-simulation", "Invalid simulated message", detail);
            with("field", field);
        }

    }

    static class LiveChannel extends ProblemException {

        LiveChannel(Channel c) {
            super(HttpStatus.CONFLICT, "channel-live", "Channel is live", c.key()
                    + " has provider credentials configured; simulated messages are only for sandboxed channels");
        }

    }

    /** Serves the page at {@code /sandbox}. */
    @Configuration
    static class Page implements WebMvcConfigurer {

        @Override
        public void addViewControllers(ViewControllerRegistry registry) {
            registry.addViewController("/sandbox").setViewName("forward:/sandbox/index.html");
            registry.addViewController("/sandbox/").setViewName("forward:/sandbox/index.html");
        }

    }

}
