package io.miaotui.server.policy;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.miaotui.policy.PolicyVersionStatus;
import io.miaotui.policy.cel.CelPolicyCompiler;
import io.miaotui.policy.cel.PolicyCompilation;
import io.miaotui.policy.cel.Rollout;
import io.miaotui.policy.cel.WhatIfFigures;
import io.miaotui.refund.RefundDesk;
import io.miaotui.server.trust.Caller;
import io.miaotui.server.web.RequestCheck;
import io.miaotui.shop.Channel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Operators' API for policies as data: versions, gray release, routing, what-if replay, the gray report. */
@RestController
@Tag(name = "Policies")
public class PolicyController {
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final int MAX_REPLAY_DAYS = 92;

    private final PolicyAdmin admin;
    private final PolicyStore store;
    private final PolicyBook book;
    private final CelPolicyCompiler compiler;
    private final WhatIfReplay replay;
    private final GrayReport grayReport;
    private final Clock clock;

    public PolicyController(PolicyAdmin admin, PolicyStore store, PolicyBook book, CelPolicyCompiler compiler,
            WhatIfReplay replay, GrayReport grayReport, Clock clock) {
        this.admin = admin;
        this.store = store;
        this.book = book;
        this.compiler = compiler;
        this.replay = replay;
        this.grayReport = grayReport;
        this.clock = clock;
    }

    public record VersionView(String key, int version, String expression, String description,
            PolicyVersionStatus status, int percent, Set<String> shops, Set<String> buyers, Instant createdAt,
            String createdBy, Instant changedAt) {
        static VersionView of(PolicyVersion v) {
            return new VersionView(v.key(), v.version(), v.expression(), v.description(), v.status(),
                    v.rollout().percent(), v.rollout().shops(), v.rollout().buyers(), v.createdAt(), v.createdBy(),
                    v.changedAt());
        }
    }

    public record PolicyView(String key, List<Channel> routedFrom, @Schema(nullable = true) VersionView active,
            @Schema(nullable = true) VersionView candidate,
            int versions) {
    }

    @Operation(operationId = "listPolicies", summary = "Refund policies",
            description = "Each policy key with the channels routed to it, its active version and any candidate in "
                    + "gray release.")
    @GetMapping("/api/v1/policies")
    public List<PolicyView> policies() {
        Map<Channel, String> routing = book.routing();
        Map<String, List<PolicyVersion>> byKey = new LinkedHashMap<>();
        for (PolicyVersion version : store.all()) {
            byKey.computeIfAbsent(version.key(), k -> new ArrayList<>()).add(version);
        }
        var views = new ArrayList<PolicyView>();
        byKey.forEach((key, versions) -> views.add(new PolicyView(key,
                routing.entrySet().stream().filter(e -> e.getValue().equals(key)).map(Map.Entry::getKey).sorted().toList(),
                versions.stream().filter(v -> v.status() == PolicyVersionStatus.ACTIVE).map(VersionView::of).findFirst()
                        .orElse(null),
                versions.stream().filter(v -> v.status() == PolicyVersionStatus.CANDIDATE).map(VersionView::of)
                        .findFirst().orElse(null),
                versions.size())));
        return views;
    }

    @Operation(operationId = "listPolicyVersions", summary = "A policy's versions",
            description = "Every version of a key with its status and rollout.")
    @GetMapping("/api/v1/policies/{key}/versions")
    public List<VersionView> versions(@PathVariable String key) {
        String k = key(key);
        List<PolicyVersion> versions = store.versions(k);
        if (versions.isEmpty()) {
            throw PolicyAdmin.notFound(k, 1);
        }
        return versions.stream().map(VersionView::of).toList();
    }

    public record VersionBody(String expression, String description) {
    }

    @Operation(operationId = "createPolicyVersion", summary = "Write a policy version",
            description = "A new DRAFT version of a CEL expression; one that does not compile is a 422 "
                    + "`policy-invalid` whose `errors` give line, column and message.")
    @ApiResponse(responseCode = "201", description = "The version was created.")
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/api/v1/policies/{key}/versions")
    public ResponseEntity<VersionView> create(Caller caller, @PathVariable String key, @RequestBody VersionBody body) {
        var check = new RequestCheck();
        String k = checkKey(check, key);
        String expression = check.text("expression", body.expression(), CelPolicyCompiler.MAX_EXPRESSION_CHARS, true);
        String description = check.text("description", body.description(), 500, true);
        check.throwIfInvalid();
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(VersionView.of(admin.createVersion(caller, k, expression, description)));
    }

    public record RolloutBody(Integer percent, List<String> shops, List<String> buyers) {
    }

    @Operation(operationId = "rolloutPolicyVersion", summary = "Roll a version out",
            description = "Makes the version the CANDIDATE for a percentage of buyers and listed shops and buyers, "
                    + "or ramps it.")
    @ApiResponse(responseCode = "200", description = "OK.")
    @ApiResponse(responseCode = "409", description = "`policy-transition-refused`.")
    @PutMapping("/api/v1/policies/{key}/versions/{version}/rollout")
    public VersionView rollout(Caller caller, @PathVariable String key, @PathVariable int version,
            @RequestBody RolloutBody body) {
        var check = new RequestCheck();
        String k = checkKey(check, key);
        int percent = body.percent() == null ? -1 : body.percent();
        check.require(percent >= 0 && percent <= 100, "percent", "must be a whole number from 0 to 100");
        Set<String> shops = ids(check, "shops", body.shops());
        Set<String> buyers = ids(check, "buyers", body.buyers());
        check.require(shops.size() + buyers.size() <= Rollout.MAX_ALLOW_LISTED, "shops",
                "shops and buyers may list at most " + Rollout.MAX_ALLOW_LISTED + " ids together");
        check.throwIfInvalid();
        return VersionView.of(admin.rollOut(caller, k, version, new Rollout(percent, shops, buyers)));
    }

    @Operation(operationId = "promotePolicyVersion", summary = "Promote a version",
            description = "The version becomes ACTIVE; the old one RETIRED.")
    @ApiResponse(responseCode = "200", description = "OK.")
    @ApiResponse(responseCode = "409", description = "`policy-transition-refused`.")
    @PostMapping("/api/v1/policies/{key}/versions/{version}/promote")
    public VersionView promote(Caller caller, @PathVariable String key, @PathVariable int version) {
        return VersionView.of(admin.promote(caller, key(key), version));
    }

    @Operation(operationId = "rollbackPolicyVersion", summary = "Roll a version back",
            description = "The version is taken out of service; an ACTIVE one hands back to the last RETIRED.")
    @ApiResponse(responseCode = "200", description = "OK.")
    @ApiResponse(responseCode = "409", description = "`policy-transition-refused`.")
    @PostMapping("/api/v1/policies/{key}/versions/{version}/rollback")
    public VersionView rollback(Caller caller, @PathVariable String key, @PathVariable int version) {
        return VersionView.of(admin.rollBack(caller, key(key), version));
    }

    @Operation(operationId = "getPolicyRouting", summary = "Policy routing",
            description = "Which policy key governs each channel.")
    @GetMapping("/api/v1/policy-routing")
    public Map<Channel, String> routing() {
        return new EnumMap<>(book.routing());
    }

    @Operation(operationId = "putPolicyRouting", summary = "Route channels to policies",
            description = "Sets which policy key governs each channel.")
    @ApiResponse(responseCode = "200", description = "OK.")
    @ApiResponse(responseCode = "409", description = "`policy-transition-refused`: a routed key has no active "
            + "version.")
    @PutMapping("/api/v1/policy-routing")
    public Map<Channel, String> route(Caller caller, @RequestBody Map<String, String> body) {
        var check = new RequestCheck();
        var routing = new EnumMap<Channel, String>(Channel.class);
        for (var entry : body.entrySet()) {
            Channel channel = check.oneOf("channel " + entry.getKey(), entry.getKey(), Channel.class);
            String key = checkKey(check, entry.getKey(), entry.getValue());
            if (channel != null && key != null) {
                routing.put(channel, key);
            }
        }
        for (Channel channel : Channel.values()) {
            check.require(body.containsKey(channel.name()), channel.name(), "must be routed to a policy key");
        }
        check.throwIfInvalid();
        return new EnumMap<>(admin.route(caller, routing));
    }

    public record WhatIfBody(String expression, String from, String to) {
    }

    public record FiguresView(long requests, long instantBefore, long instantAfter, String amountInstantBefore,
            String amountInstantAfter, long merchantReviewsAvoided, long merchantReviewsAdded) {
        static FiguresView of(WhatIfFigures f) {
            return new FiguresView(f.requests(), f.instantBefore(), f.instantAfter(), yuan(f.amountInstantBeforeFen()),
                    yuan(f.amountInstantAfterFen()), f.reviewsAvoided(), f.reviewsAdded());
        }
    }

    public record WhatIfView(String policy, String expression, Instant from, Instant to, FiguresView total,
            Map<String, FiguresView> byChannel, double seconds) {
    }

    /** Replays the key's stored requests in [from, to) through a draft expression; nothing is stored. */
    @Operation(operationId = "whatIfPolicy", summary = "Replay stored requests through a draft",
            description = "Replays the key's stored requests (at most 92 days) through an expression: what would "
                    + "have been instant, and the merchant reviews avoided or added.")
    @PostMapping("/api/v1/policies/{key}/what-if")
    public WhatIfView whatIf(@PathVariable String key, @RequestBody WhatIfBody body) {
        var check = new RequestCheck();
        String k = checkKey(check, key);
        String expression = check.text("expression", body.expression(), CelPolicyCompiler.MAX_EXPRESSION_CHARS, true);
        Instant from = check.instant("from", body.from());
        Instant to = check.instant("to", body.to());
        check.period(from, to, MAX_REPLAY_DAYS);
        check.throwIfInvalid();
        var draft = switch (compiler.compile(expression)) {
            case PolicyCompilation.Compiled c -> c.policy();
            case PolicyCompilation.Rejected r -> throw PolicyAdmin.invalid(r);
        };
        WhatIfReplay.Replayed replayed = replay.replay(k, draft, from, to);
        var byChannel = new LinkedHashMap<String, FiguresView>();
        replayed.result().byChannel().forEach((channel, figures) -> byChannel.put(channel, FiguresView.of(figures)));
        return new WhatIfView(k, expression, from, to, FiguresView.of(replayed.result().total()), byChannel,
                Math.round(replayed.seconds() * 1000) / 1000.0);
    }

    /** Candidate against active on real traffic: each decision's answer next to the other version's. */
    @Operation(operationId = "getGrayReport", summary = "Gray-release report",
            description = "The candidate against the active version on real traffic.")
    @GetMapping("/api/v1/policies/{key}/gray-report")
    public GrayReport.Report gray(@PathVariable String key, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        var check = new RequestCheck();
        String k = checkKey(check, key);
        Instant end = to == null ? clock.instant() : check.instant("to", to);
        Instant start = from == null ? (end == null ? null : end.minus(Duration.ofDays(7))) : check.instant("from", from);
        check.period(start, end, MAX_REPLAY_DAYS);
        check.throwIfInvalid();
        return grayReport.report(k, start, end);
    }

    private static String key(String key) {
        var check = new RequestCheck();
        String k = checkKey(check, key);
        check.throwIfInvalid();
        return k;
    }

    private static String checkKey(RequestCheck check, String key) {
        return checkKey(check, "key", key);
    }

    private static String checkKey(RequestCheck check, String field, String key) {
        boolean ok = key != null && KEY.matcher(key).matches() && !key.equals(RefundDesk.SHOP_CLOSED_POLICY);
        check.require(ok, field, "must be 1 to 64 lowercase letters, digits or '-' (and not '"
                + RefundDesk.SHOP_CLOSED_POLICY + "')");
        return ok ? key : null;
    }

    private static Set<String> ids(RequestCheck check, String field, List<String> values) {
        var ids = new LinkedHashSet<String>();
        if (values == null) {
            return ids;
        }
        for (int i = 0; i < values.size() && i <= Rollout.MAX_ALLOW_LISTED; i++) {
            String id = check.id(field + "[" + i + "]", values.get(i));
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static String yuan(long fen) {
        return io.miaotui.money.Money.of(fen, io.miaotui.money.Currency.CNY).toDecimalString();
    }
}
