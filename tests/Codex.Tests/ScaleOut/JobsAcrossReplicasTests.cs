using System.Net;
using System.Net.Http.Json;
using Codex.Contracts.Notifications;
using Codex.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.ScaleOut;

/// <summary>
/// Issue 17 ("a job scheduled twice runs once"), end to end: both Notifications-API replicas schedule the outbox's
/// send job at start, and the job reads pending mail without claiming rows (it relies on running once at a time:
/// <c>[DisallowConcurrentExecution]</c>, which the clustered Quartz store enforces across replicas). Mail queued
/// through both replicas is each written exactly once to the mail folder they share. Part R checks the scheduler
/// itself in process (a job, its recovery); this is the same promise seen from outside, with real processes.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class JobsAcrossReplicasTests(ScaleOutDeployment deployment)
{
    private const int Mails = 40;

    [ScaleOutFact]
    public async Task MailQueuedThroughBothReplicas_IsSentOnce_EachMessage()
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        var recipients = Enumerable.Range(0, Mails).Select(i => $"once-{run}-{i}@example.test").ToList();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add(InternalAuth.Header, deployment.InternalKey);
        // Queued one after another, half through each replica, faster than the send job's 5 s: both replicas' send
        // jobs find them due together.
        for (var i = 0; i < Mails; i++)
        {
            var replica = deployment.Url(i % 2 == 0 ? "NOTIFICATIONS_A" : "NOTIFICATIONS_B");
            var queued = await http.PostAsJsonAsync(new Uri(replica, $"/api/templates/{EmailTemplateNames.VerifyEmail}/send"),
                new SendEmailRequest(recipients[i], "Once " + i, "token-" + i), ContractJson.Options);
            Assert.True(queued.StatusCode == HttpStatusCode.Accepted,
                $"queueing through {replica} answered {(int)queued.StatusCode}: {await queued.Content.ReadAsStringAsync()}");
        }

        // Every row sent (the send job runs every 5 s), then a moment for a second, concurrent run to finish writing.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        int sent;
        do
        {
            await Task.Delay(500);
            await using var db = deployment.Db();
            sent = await db.OutgoingMail.CountAsync(m => recipients.Contains(m.Recipient) && m.Status == OutgoingMailStatus.Sent);
        } while (sent < Mails && DateTime.UtcNow < deadline);
        Assert.Equal(Mails, sent);
        await Task.Delay(TimeSpan.FromSeconds(3));

        var folder = Path.Combine(deployment.WorkersData, "outbox");
        var texts = Directory.GetFiles(folder, "*.eml").Select(File.ReadAllText).Where(t => t.Contains($"once-{run}-", StringComparison.Ordinal)).ToList();
        var copies = recipients.ToDictionary(r => r, r => texts.Count(t => t.Contains(r + ">", StringComparison.Ordinal) || t.Contains("To: " + r, StringComparison.Ordinal)));
        Assert.All(copies, c => Assert.True(c.Value == 1, $"{c.Key}: {c.Value} copies"));
    }
}
