using System.Text.Json;
using Codex.Contracts.Notifications;
using Codex.Data;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.NotificationsApi.Outbox;

/// <summary>What one run of the sender did.</summary>
public sealed record OutboxRun(int Sent, int Retrying, int GivenUp);

/// <summary>
/// Sends what is due in the mail outbox: renders each message from its template as stored at that moment, hands it to the transport (SMTP or
/// the local folder), and on failure schedules the next attempt with a doubling delay until <see cref="MailOptions.GiveUpAfter"/>.
/// A failure that may pass (the server down, busy or greylisting, our own settings) ends the run, since the rest would
/// fail the same way, and the message moves back in the queue; a message that can never be sent (it does not render,
/// its address is not one, the server refuses it with a 5xx) is given up on at once, with the reason kept.
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
                if (!MimeKit.MailboxAddress.TryParse(request.To, out _)) throw new FormatException($"\"{request.To}\" is not an email address.");
                if (!EmailTemplates.Exists(mail.Template)) throw new FormatException($"There is no template \"{mail.Template}\".");
                // Rendered from the template as stored now: an admin's edit or reset applies from the next message on.
                rendered = await templates.RenderAsync(mail.Template, request, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException && !IsDatabaseFailure(e))
            {
                // Rendering is deterministic: what fails now fails on every try.
                GiveUp(mail, "The message cannot be rendered: " + e.Message);
                givenUp++;
                await db.SaveChangesAsync(ct);
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
                await db.SaveChangesAsync(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && MailFailures.IsRejection(e))
            {
                // The server refused this message for good (this recipient, this content): the others may still go.
                GiveUp(mail, e.Message);
                givenUp++;
                await db.SaveChangesAsync(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // Anything else may pass: the server is down or busy, greylisting, our own settings (the sender, TLS).
                // This message waits its turn again, and the run ends: the rest would fail the same way.
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

    /// <summary>A failure to read the template (the database away), which may pass: the run ends and the message waits.</summary>
    private static bool IsDatabaseFailure(Exception e) => e is System.Data.Common.DbException or InvalidOperationException { InnerException: System.Data.Common.DbException };

    private static string Shorten(string text) => text.Length <= 1000 ? text : text[..1000];
}

/// <summary>Which mail failures are final.</summary>
public static class MailFailures
{
    /// <summary>
    /// A permanent (5xx) refusal of this recipient or this message: retrying will not help. A 4xx (greylisting, a
    /// full mailbox, a busy server) and a refused sender (our own settings) are not: they are retried.
    /// </summary>
    public static bool IsRejection(Exception e) => e is MailKit.Net.Smtp.SmtpCommandException
    {
        ErrorCode: MailKit.Net.Smtp.SmtpErrorCode.RecipientNotAccepted or MailKit.Net.Smtp.SmtpErrorCode.MessageNotAccepted,
    } command && (int)command.StatusCode >= 500;
}
