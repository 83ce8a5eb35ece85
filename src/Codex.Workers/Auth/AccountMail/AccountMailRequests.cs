using Codex.Contracts.Notifications;
using Codex.Data;
using Codex.Workers.Pipeline;
using Codex.Workers.Pipeline.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Codex.Workers.Auth.AccountMail;

/// <summary>The mail a visitor can ask for by email address alone.</summary>
public enum AccountMailKind { ResetPassword, VerifyEmail }

/// <summary>
/// "Send me a reset link" and "send the verification link again", asked for by email address alone. The request does
/// the same work whether or not the address has an account (a limiter check and one queued job), so neither its
/// answer nor its time says which addresses exist; <see cref="AccountMailJob"/> looks the address up afterwards. At
/// most <c>RateLimits__AccountMailsPerEmail</c> are queued per address per window, from however many clients they come.
/// </summary>
public sealed class AccountMailRequests(ISchedulerFactory schedulers, AccountMailThrottle throttle)
{
    public const string JobGroup = "account-mail";

    /// <param name="path">Where the mailed link leads once used (a verification link resuming a purchase), or null.</param>
    public async Task RequestAsync(AccountMailKind kind, string email, CancellationToken ct, string? path = null)
    {
        if (!await throttle.TryAcquireAsync(email, ct)) return; // the same 204: an inbox is not flooded, and nothing is told
        var scheduler = await schedulers.GetScheduler(ct);
        var name = Guid.NewGuid().ToString("N");
        var job = JobBuilder.Create<AccountMailJob>()
            .WithIdentity(name, JobGroup)
            .UsingJobData(AccountMailJob.KindKey, kind.ToString())
            .UsingJobData(AccountMailJob.EmailKey, email)
            .UsingJobData(AccountMailJob.PathKey, path ?? "")
            // Queued once and never again: if the replica running it dies, another runs it (ADR 043). Running it twice
            // is harmless: a second link is issued and mailed, and either link works once.
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create().WithIdentity(name, JobGroup).StartNow().Build();
        await scheduler.ScheduleJob(job, trigger, cancellationToken: ct);
    }
}

/// <summary>
/// Per email address: at most <c>RateLimits__AccountMailsPerEmail</c> account mails per window, counted in the shared
/// store (ADR 041); an unreachable store refuses with a 503 rather than let an inbox be flooded.
/// </summary>
public sealed class AccountMailThrottle(SharedLimits limits, RateLimitOptions options)
{
    private readonly RateLimitRule _mails = new("account-mail", options.AccountMailsPerEmail, TimeSpan.FromMinutes(options.AuthWindowMinutes), FailOpen: false);

    public async ValueTask<bool> TryAcquireAsync(string email, CancellationToken ct) => (await limits.TakeAsync(_mails, email, ct)).Granted;
}

/// <summary>
/// One queued account mail: if the address has an account that may receive it (any account for a reset, an
/// unverified one for verification), a one-time token is issued and the mail joins the outbox.
/// </summary>
public sealed class AccountMailJob(CodexDbContext db, OneTimeTokens tokens, MailOutbox mail) : IJob
{
    public const string KindKey = "kind";
    public const string EmailKey = "email";
    public const string PathKey = "path";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var data = context.MergedJobDataMap;
        if (!Enum.TryParse<AccountMailKind>(data.GetString(KindKey), out var kind) || data.GetString(EmailKey) is not { } email) return;
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Email == email && (kind == AccountMailKind.ResetPassword || !u.EmailVerified))
            .Select(u => new { u.Id, u.Email, u.Name })
            .FirstOrDefaultAsync(ct);
        if (user is null) return;
        var purpose = kind == AccountMailKind.ResetPassword ? OneTimeTokenPurpose.ResetPassword : OneTimeTokenPurpose.VerifyEmail;
        var template = kind == AccountMailKind.ResetPassword ? EmailTemplateNames.ResetPassword : EmailTemplateNames.VerifyEmail;
        var token = await tokens.IssueAsync(user.Id, purpose, ct);
        var path = data.GetString(PathKey) is { Length: > 0 } p ? p : null;
        await mail.EnqueueAsync(template, new SendEmailRequest(user.Email, user.Name, token) { Path = path }, ct);
    }
}
