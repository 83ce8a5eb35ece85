using System.Text.Json;
using Codex.Contracts.Notifications;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.NotificationsApi.Outbox;

/// <summary>What one run of the sender did.</summary>
public sealed record OutboxRun(int Sent, int Retrying, int GivenUp);

/// <summary>
/// Sends what is due in the mail outbox: renders each message from its template, hands it to the transport (SMTP or
/// the local folder), and on failure schedules the next attempt with a doubling delay until <see cref="MailOptions.GiveUpAfter"/>.
/// A transport failure ends the run (the server is down: the rest would fail the same way); a message that can never
/// be sent (an unknown template, a payload that does not render) is given up on at once.
/// </summary>
public sealed class OutboxSender(CodexDbContext db, EmailTemplates templates, IMailTransport transport, MailOptions options,
    TimeProvider clock, ILogger<OutboxSender> logger)
{
    public async Task<OutboxRun> SendDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.OutgoingMail
            .Where(m => m.Status == OutgoingMailStatus.Pending && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt)
            .Take(options.BatchSize)
            .ToListAsync(ct);
        int sent = 0, retrying = 0, givenUp = 0;
        foreach (var mail in due)
        {
            RenderedEmailDto rendered;
            SendEmailRequest request;
            try
            {
                request = JsonSerializer.Deserialize<SendEmailRequest>(mail.Payload, ContractJson.Options)
                    ?? throw new JsonException("The payload is empty.");
                rendered = templates.Render(mail.Template, request);
            }
            catch (Exception e) when (e is JsonException or ApiException or ArgumentOutOfRangeException)
            {
                GiveUp(mail, "The message cannot be rendered: " + e.Message);
                givenUp++;
                continue;
            }

            mail.Attempts++;
            try
            {
                await transport.SendAsync(request.To, rendered, ct);
                mail.Status = OutgoingMailStatus.Sent;
                mail.SentAt = clock.GetUtcNow();
                mail.LastError = null;
                sent++;
                logger.LogInformation("Sent {Template} mail {MailId} after {Attempts} attempt(s)", mail.Template, mail.Id, mail.Attempts);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && MailFailures.IsTransportFailure(e))
            {
                mail.LastError = Shorten(e.Message);
                if (clock.GetUtcNow() - mail.CreatedAt >= options.GiveUpAfter)
                {
                    GiveUp(mail, mail.LastError);
                    givenUp++;
                }
                else
                {
                    mail.NextAttemptAt = clock.GetUtcNow() + options.RetryDelay(mail.Attempts);
                    retrying++;
                    logger.LogWarning("Could not send {Template} mail {MailId} (attempt {Attempts}): {Error}; next try at {Next:u}",
                        mail.Template, mail.Id, mail.Attempts, e.Message, mail.NextAttemptAt);
                }
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (Exception e) when (!ct.IsCancellationRequested && MailFailures.IsPermanent(e))
            {
                GiveUp(mail, Shorten(e.Message));
                givenUp++;
            }
            await db.SaveChangesAsync(ct);
        }
        return new OutboxRun(sent, retrying, givenUp);
    }

    /// <summary>Deletes sent and given-up messages older than <see cref="MailOptions.KeepFor"/>.</summary>
    public Task<int> SweepAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow() - options.KeepFor;
        return db.OutgoingMail.Where(m => m.Status != OutgoingMailStatus.Pending && m.CreatedAt <= before).ExecuteDeleteAsync(ct);
    }

    private void GiveUp(OutgoingMail mail, string reason)
    {
        mail.Status = OutgoingMailStatus.Failed;
        mail.LastError = Shorten(reason);
        logger.LogError("Gave up on {Template} mail {MailId} to {Recipient} after {Attempts} attempt(s): {Reason}",
            mail.Template, mail.Id, mail.Recipient, mail.Attempts, reason);
    }

    private static string Shorten(string text) => text.Length <= 1000 ? text : text[..1000];
}

/// <summary>Which mail failures are worth retrying.</summary>
public static class MailFailures
{
    /// <summary>The server could not be reached or did not answer: try again later.</summary>
    public static bool IsTransportFailure(Exception e) => e is IOException or System.Net.Sockets.SocketException or TimeoutException
        or MailKit.ServiceNotConnectedException or MailKit.ProtocolException or MailKit.Security.AuthenticationException
        or MailKit.Net.Smtp.SmtpCommandException { ErrorCode: not MailKit.Net.Smtp.SmtpErrorCode.RecipientNotAccepted }
        or OperationCanceledException;

    /// <summary>The server refused this message for good (the recipient, the sender): retrying will not help.</summary>
    public static bool IsPermanent(Exception e) => e is MailKit.Net.Smtp.SmtpCommandException or MimeKit.ParseException or FormatException;
}
