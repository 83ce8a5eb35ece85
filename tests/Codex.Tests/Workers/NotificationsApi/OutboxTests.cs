using System.Net;
using Codex.Contracts;
using Codex.Contracts.Auth;
using Codex.Contracts.Notifications;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Codex.Tests.Workers.Auth;
using Codex.Workers.NotificationsApi.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.NotificationsApi;

/// <summary>
/// Auth, Ecom and Notifications with SMTP configured on a loopback <see cref="SmtpSink"/> that refuses mail (421)
/// until a test lets it accept. Retries come after a second, not half a minute.
/// </summary>
public sealed class SmtpDownFixture : SystemFixture, IAsyncLifetime
{
    public SmtpSink Smtp { get; } = new() { Accepting = false };
    public int SmtpPort => Smtp.Port;
    protected override IReadOnlyList<Role> Roles => [Role.NotificationsApi, Role.Auth, Role.ContentApi, Role.EcomApi];
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = SmtpPort.ToString(),
        ["Mail:FirstRetryDelay"] = "00:00:01",
        ["Mail:MaxRetryDelay"] = "00:00:01",
        ["RateLimits:AuthPerClient"] = "100000",
    };

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SmtpDownCollection : ICollectionFixture<SmtpDownFixture>
{
    public const string Name = "smtp-down";
}

/// <summary>The mail outbox: nothing is lost while the mail server is down, and nothing is retried for ever.</summary>
[Collection(SmtpDownCollection.Name)]
public sealed class OutboxTests(SmtpDownFixture fixture)
{
    private readonly AuthApi _auth = new(fixture);

    private async Task<OutgoingMail> MailToAsync(string email, string template)
    {
        await using var db = fixture.Db();
        return await db.OutgoingMail.AsNoTracking().SingleAsync(m => m.Recipient == email && m.Template == template);
    }

    /// <summary>Waits until the message to <paramref name="email"/> was tried and refused by the (absent) server.</summary>
    private Task FailedOnceAsync(string email, string template) => Eventually.TrueAsync(async () =>
        (await MailToAsync(email, template)) is { Attempts: >= 1, Status: OutgoingMailStatus.Pending, LastError: not null },
        "a first failed attempt");

    [Fact]
    public async Task Register_WhileSmtpIsDown_TheVerificationMailArrivesOnceItIsBack()
    {
        fixture.Smtp.Accepting = false;
        var email = AuthApi.NewEmail();

        var register = await _auth.PostAsync("/api/auth/email/register", new RegisterRequest("Outbox Person", email, "correct-horse-1"));
        await FailedOnceAsync(email, EmailTemplateNames.VerifyEmail);
        var smtp = fixture.Smtp;
        smtp.Accepting = true;
        await Eventually.TrueAsync(() => smtp.Messages.Any(m => m.To.Contains(email)), "the verification mail to arrive");
        smtp.Accepting = false;

        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        var data = smtp.Messages.Single(m => m.To.Contains(email)).Data;
        Assert.Contains("Subject: Confirm your email address for Codex", data);
        await Eventually.TrueAsync(async () => (await MailToAsync(email, EmailTemplateNames.VerifyEmail)).Status == OutgoingMailStatus.Sent,
            "the message to be marked sent");
        Assert.True((await MailToAsync(email, EmailTemplateNames.VerifyEmail)).Attempts >= 2);
    }

    [Fact]
    public async Task Purchase_WhileSmtpIsDown_TheReceiptArrivesOnceItIsBack()
    {
        fixture.Smtp.Accepting = false;
        var ecom = new EcomApi.EcomApi(fixture, () => "");
        var (_, item) = await ecom.PaidItemAsync(title: "Patient Baking");
        var (buyer, cookie) = await ecom.BuyerAsync();
        var session = await ecom.CreateSessionAsync(cookie, item.Id);

        var pay = await ecom.Client.PostAsync(new Uri(session.SessionUrl).AbsolutePath + "/pay", null);
        await FailedOnceAsync(buyer.Email, EmailTemplateNames.PurchaseReceipt);
        var smtp = fixture.Smtp;
        smtp.Accepting = true;
        await Eventually.TrueAsync(() => smtp.Messages.Any(m => m.To.Contains(buyer.Email)), "the receipt to arrive");
        smtp.Accepting = false;

        Assert.Equal(HttpStatusCode.SeeOther, pay.StatusCode);
        Assert.Contains("Subject: Your Codex receipt: Patient Baking", smtp.Messages.Single(m => m.To.Contains(buyer.Email)).Data);
        await Eventually.TrueAsync(async () => (await MailToAsync(buyer.Email, EmailTemplateNames.PurchaseReceipt)).Status == OutgoingMailStatus.Sent,
            "the receipt to be marked sent");
    }

    [Fact]
    public async Task Mail_IsRetriedForMoreThanADay_ThenGivenUp()
    {
        fixture.Smtp.Accepting = false;
        var email = AuthApi.NewEmail();
        await _auth.PostAsync("/api/auth/email/register", new RegisterRequest("Unlucky Person", email, "correct-horse-1"));
        await FailedOnceAsync(email, EmailTemplateNames.VerifyEmail);

        fixture.Clock.Advance(TimeSpan.FromHours(25));
        var attempts = (await MailToAsync(email, EmailTemplateNames.VerifyEmail)).Attempts;
        await Eventually.TrueAsync(async () => (await MailToAsync(email, EmailTemplateNames.VerifyEmail)).Attempts > attempts, "another attempt");
        Assert.Equal(OutgoingMailStatus.Pending, (await MailToAsync(email, EmailTemplateNames.VerifyEmail)).Status);

        fixture.Clock.Advance(TimeSpan.FromDays(2));
        await Eventually.TrueAsync(async () => (await MailToAsync(email, EmailTemplateNames.VerifyEmail)).Status == OutgoingMailStatus.Failed,
            "the message to be given up on");
    }

    [Fact]
    public async Task ARecipientTheServerRefusesForGood_IsGivenUp_WithTheReason_AndTheQueueMovesOn()
    {
        fixture.Smtp.Accepting = true;
        try
        {
            var refused = "reject-" + AuthApi.NewEmail();
            var fine = AuthApi.NewEmail();

            await _auth.PostAsync("/api/auth/email/register", new RegisterRequest("Nobody", refused, "correct-horse-1"));
            await _auth.PostAsync("/api/auth/email/register", new RegisterRequest("Somebody", fine, "correct-horse-1"));
            await Eventually.TrueAsync(async () => (await MailToAsync(refused, EmailTemplateNames.VerifyEmail)).Status == OutgoingMailStatus.Failed,
                "the refused message to be given up on");
            await Eventually.TrueAsync(() => fixture.Smtp.Messages.Any(m => m.To.Contains(fine)), "the next message to go");

            var failed = await MailToAsync(refused, EmailTemplateNames.VerifyEmail);
            Assert.Equal(1, failed.Attempts);
            Assert.Contains("User unknown", failed.LastError);
        }
        finally
        {
            fixture.Smtp.Accepting = false;
        }
    }

    [Fact]
    public async Task ARecipientTheServerRefusesForNow_IsRetried_NotGivenUp()
    {
        fixture.Smtp.Accepting = true;
        try
        {
            var greylisted = "greylist-" + AuthApi.NewEmail();

            await _auth.PostAsync("/api/auth/email/register", new RegisterRequest("Patient", greylisted, "correct-horse-1"));
            await Eventually.TrueAsync(async () => (await MailToAsync(greylisted, EmailTemplateNames.VerifyEmail)).Attempts >= 2,
                "a second attempt");

            var mail = await MailToAsync(greylisted, EmailTemplateNames.VerifyEmail);
            Assert.Equal(OutgoingMailStatus.Pending, mail.Status);
            Assert.Contains("Greylisted", mail.LastError);
        }
        finally
        {
            fixture.Smtp.Accepting = false;
        }
    }

    [Fact]
    public void RetryDelay_Doubles_FromHalfAMinute_UpToAnHour()
    {
        var options = new MailOptions();

        Assert.Equal(TimeSpan.FromSeconds(30), options.RetryDelay(1));
        Assert.Equal(TimeSpan.FromMinutes(1), options.RetryDelay(2));
        Assert.Equal(TimeSpan.FromMinutes(16), options.RetryDelay(6));
        Assert.Equal(TimeSpan.FromHours(1), options.RetryDelay(8));
        Assert.Equal(TimeSpan.FromHours(1), options.RetryDelay(500));
    }
}

/// <summary>The outbox's sweep, run directly against the database.</summary>
[Collection(SmtpDownCollection.Name)]
public sealed class OutboxSweepTests(SmtpDownFixture fixture)
{
    [Fact]
    public async Task Sweep_ForgetsSentAndGivenUpMailAfterThirtyDays_KeepsThePending()
    {
        var now = fixture.Clock.GetUtcNow();
        var tag = Guid.NewGuid().ToString("N")[..10];
        OutgoingMail Mail(string name, OutgoingMailStatus status, TimeSpan age) => new()
        {
            Id = Guid.NewGuid(), Template = "nothing-to-send", Recipient = $"{name}-{tag}@example.test", Payload = "{}", Status = status,
            CreatedAt = now - age, NextAttemptAt = now + TimeSpan.FromDays(365),
        };
        await using (var db = fixture.Db())
        {
            db.OutgoingMail.AddRange(Mail("old-sent", OutgoingMailStatus.Sent, TimeSpan.FromDays(31)), Mail("old-failed", OutgoingMailStatus.Failed, TimeSpan.FromDays(31)),
                Mail("recent-sent", OutgoingMailStatus.Sent, TimeSpan.FromDays(2)), Mail("old-pending", OutgoingMailStatus.Pending, TimeSpan.FromDays(31)));
            await db.SaveChangesAsync();
        }

        await using (var db = fixture.Db())
        {
            var sender = new OutboxSender(db, null!, null!, new MailOptions(), fixture.Clock,
                Microsoft.Extensions.Logging.Abstractions.NullLogger<OutboxSender>.Instance);
            await sender.SweepAsync(CancellationToken.None);
        }

        await using var check = fixture.Db();
        var left = await check.OutgoingMail.Where(m => m.Recipient.EndsWith($"-{tag}@example.test")).Select(m => m.Recipient).ToListAsync();
        Assert.Equal([$"old-pending-{tag}@example.test", $"recent-sent-{tag}@example.test"], left.Order());
    }
}
