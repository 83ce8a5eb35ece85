namespace Codex.Workers.Pipeline;

/// <summary>Rate limits (section <c>RateLimits</c>); all configurable so a load test can raise them.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>
    /// Where the counters live (ADR 041): <c>auto</c> (Redis when <c>ConnectionStrings__Redis</c> is set, else the
    /// database when it is PostgreSQL and the apps run split, else memory), or <c>memory</c>, <c>database</c>, <c>redis</c>.
    /// </summary>
    public string Store { get; set; } = "auto";

    /// <summary>Every route not named below: requests per minute per client address.</summary>
    public int PerClientPerMinute { get; set; } = 300;
    /// <summary>Login, register and reset: requests per window per client address.</summary>
    public int AuthPerClient { get; set; } = 10;
    /// <summary>Failed logins per window per email.</summary>
    public int FailedLoginsPerEmail { get; set; } = 5;
    public int AuthWindowMinutes { get; set; } = 15;
    /// <summary>Reset and verification mails per window per email address, whoever asks.</summary>
    public int AccountMailsPerEmail { get; set; } = 3;
    /// <summary>Streaming-URL requests per minute per user.</summary>
    public int StreamingPerUserPerMinute { get; set; } = 60;
    /// <summary>Complimentary-access grants per hour per caller (Admin-API; ADR 021).</summary>
    public int GrantsPerUserPerHour { get; set; } = 60;
    /// <summary>Invitation mails one organization may send per 24 hours.</summary>
    public int InvitationsPerOrganizationPerDay { get; set; } = 50;
    /// <summary>Invitation mails one person may send per 24 hours, across every organization they manage.</summary>
    public int InvitationsPerInviterPerDay { get; set; } = 100;
    /// <summary>Minutes before an organization may mail the same address again.</summary>
    public int InvitationCooldownMinutes { get; set; } = 10;

    /// <summary>What is wrong with these settings, one sentence each.</summary>
    public IEnumerable<string> Problems() =>
        new[]
        {
            (nameof(PerClientPerMinute), PerClientPerMinute), (nameof(AuthPerClient), AuthPerClient),
            (nameof(FailedLoginsPerEmail), FailedLoginsPerEmail), (nameof(AuthWindowMinutes), AuthWindowMinutes),
            (nameof(StreamingPerUserPerMinute), StreamingPerUserPerMinute), (nameof(AccountMailsPerEmail), AccountMailsPerEmail),
            (nameof(GrantsPerUserPerHour), GrantsPerUserPerHour),
            (nameof(InvitationsPerOrganizationPerDay), InvitationsPerOrganizationPerDay),
            (nameof(InvitationsPerInviterPerDay), InvitationsPerInviterPerDay),
            (nameof(InvitationCooldownMinutes), InvitationCooldownMinutes),
        }.SelectMany(s => Settings.AtLeast($"{Section}__{s.Item1}", s.Item2, 1));
}

/// <summary>Names of the endpoint rate-limit policies.</summary>
public static class RateLimitPolicies
{
    public const string Auth = "auth";
    public const string Streaming = "streaming";
}
