using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Codex.Contracts;
using Codex.Contracts.Notifications;
using Codex.Workers.Auth.AccountMail;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Infrastructure;

/// <summary>
/// Reads the Notifications worker's mail folder through its internal route, as /dev/mail does, once the outbox has
/// sent everything that was due: mail is sent by a background job, so "no mail" only means something after that.
/// </summary>
public static partial class Mailbox
{
    public static async Task<IReadOnlyList<OutboxMessageDto>> MessagesToAsync(SystemFixture fixture, string email)
    {
        await DrainAsync(fixture);
        using var client = fixture.Client(Role.NotificationsApi);
        client.DefaultRequestHeaders.Add(InternalAuth.Header, fixture.System.InternalKey);
        var list = await client.GetFromJsonAsync<DataEnvelope<List<OutboxMessageDto>>>("/api/outbox", ContractJson.Options);
        return list!.Data.Where(m => m.To.Contains(email, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>
    /// Waits (15 s) for a message to <paramref name="email"/> that <paramref name="match"/> accepts. On a timeout the
    /// failure says what became of the mail: the outbox rows for the address (template, status, attempts, last error)
    /// and the account-mail jobs still queued, so a message that never came is told apart from one that came late.
    /// </summary>
    public static async Task<OutboxMessageDto> ExpectAsync(SystemFixture fixture, string email, Func<OutboxMessageDto, bool> match, string what)
    {
        OutboxMessageDto? found = null;
        try
        {
            await Eventually.TrueAsync(async () => (found = (await MessagesToAsync(fixture, email)).FirstOrDefault(match)) is not null, what);
        }
        catch (TimeoutException)
        {
            await using var db = fixture.Db();
            var rows = await db.OutgoingMail.AsNoTracking().Where(m => m.Recipient == email)
                .Select(m => $"{m.Template} {m.Status} attempts={m.Attempts} next={m.NextAttemptAt:O} error={m.LastError}")
                .ToListAsync();
            throw new Xunit.Sdk.XunitException($"No {what} reached {email} in 15 s. Outbox rows for the address: "
                + (rows.Count == 0 ? "none" : string.Join("; ", rows)) + $". Now (fixture clock): {fixture.Clock.GetUtcNow():O}.");
        }
        return found!;
    }

    /// <summary>The token of the newest link of <paramref name="path"/> (verify-email, reset-password) sent to <paramref name="email"/>.</summary>
    public static async Task<string> LatestTokenAsync(SystemFixture fixture, string email, string path)
    {
        var message = await ExpectAsync(fixture, email, m => m.Text.Contains("/" + path + "?token="), path + " mail");
        return TokenOf(message.Text, path);
    }

    public static string TokenOf(string text, string path) =>
        Uri.UnescapeDataString(Regex.Match(text, "/" + Regex.Escape(path) + @"\?token=([^\s""<>]+)").Groups[1].Value);

    /// <summary>
    /// Waits until every account mail asked for by address (reset, verification) has been looked at by its job, and
    /// the outbox holds nothing that is due (everything queued so far was sent or is waiting to retry).
    /// </summary>
    public static Task DrainAsync(SystemFixture fixture) => Eventually.TrueAsync(async () =>
    {
        await using var db = fixture.Db();
        var now = fixture.Clock.GetUtcNow();
        // Quartz's own table (the same name on SQLite and PostgreSQL): a queued job keeps its trigger until it has run.
        int queued;
        try
        {
            queued = await db.Database
                .SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM qrtz_triggers WHERE job_group = {0}", AccountMailRequests.JobGroup)
                .SingleAsync();
        }
        catch (System.Data.Common.DbException)
        {
            queued = 0; // no worker with jobs runs in this fixture, so no job tables
        }
        return queued == 0 && !await db.OutgoingMail.AnyAsync(m => m.Status == OutgoingMailStatus.Pending && m.NextAttemptAt <= now);
    }, "account mail jobs to run and the mail outbox to send what is due");
}

/// <summary>Waiting for background work (jobs, the outbox) without fixed sleeps.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds, failing after <paramref name="timeout"/> (15 s).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Gave up waiting for {what}.");
            await Task.Delay(100);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, timeout);
}
