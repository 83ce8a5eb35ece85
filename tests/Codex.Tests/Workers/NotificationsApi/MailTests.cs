using System.Net;
using System.Net.Http.Json;
using Codex.Contracts;
using Codex.Contracts.Auth;
using Codex.Contracts.Notifications;
using Codex.Host;
using Codex.Tests.Infrastructure;
using Codex.Tests.Workers.Auth;

namespace Codex.Tests.Workers.NotificationsApi;

/// <summary>Mail end to end: internal routes, SMTP through MailKit, and a send that fails without losing the account.</summary>
public sealed class MailTests : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _disposables = [];
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        TestLogging.EnsureConfigured();
        _database = await TestDatabase.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var d in Enumerable.Reverse(_disposables)) await d.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<CodexSystem> StartAsync(IReadOnlyList<Role> roles, Dictionary<string, string?> settings)
    {
        settings["ConnectionStrings:Codex"] = _database.ConnectionString;
        settings["Codex:DataPath"] = Path.Combine(Path.GetTempPath(), "codex-tests", "mail-" + Guid.NewGuid().ToString("N"));
        settings["Codex:SeedDemoData"] = "false";
        settings["Codex:PublicUrl"] = "https://codex.example";
        settings["Mail:PollInterval"] = "00:00:00.300";
        var system = await CodexSystem.StartAsync(new SystemOptions { Roles = roles, Settings = settings, DynamicPorts = true, EnvironmentName = "Testing" });
        _disposables.Add(system);
        return system;
    }

    private static HttpClient Client(CodexSystem system, Role role) => new() { BaseAddress = system.Urls[role] };

    [Fact]
    public async Task Register_WithSmtpHostSet_SendsTheVerificationMailThroughThatServer()
    {
        var sink = new SmtpSink();
        _disposables.Add(sink);
        var system = await StartAsync([Role.NotificationsApi, Role.Auth], new()
        {
            ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = sink.Port.ToString(), ["Smtp:From"] = "Codex <hello@codex.example>",
        });
        var email = AuthApi.NewEmail();

        var response = await Client(system, Role.Auth).PostAsJsonAsync("/api/auth/email/register",
            new RegisterRequest("Smtp Person", email, "correct-horse-1"), ContractJson.Options);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await Eventually.TrueAsync(() => sink.Messages.Count > 0, "the SMTP server to receive the mail");
        var (to, data) = Assert.Single(sink.Messages);
        Assert.Equal([email], to);
        Assert.Contains("Subject: Confirm your email address for Codex", data);
        Assert.Contains("From: Codex <hello@codex.example>", data);
        Assert.Contains("https://codex.example/verify-email?token=", data.Replace("=\r\n", "").Replace("=3D", "="));
        Assert.Contains("text/html", data);
        Assert.Contains("text/plain", data);
    }

    [Fact]
    public async Task Register_WhenMailCannotBeSent_StillCreatesTheAccount_AndTheLinkCanBeAskedForAgain()
    {
        var closed = ClosedPort.Url();
        var system = await StartAsync([Role.NotificationsApi, Role.Auth], new() { ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = closed.Port.ToString() });
        var auth = Client(system, Role.Auth);
        var email = AuthApi.NewEmail();

        var register = await auth.PostAsJsonAsync("/api/auth/email/register", new RegisterRequest("Pat", email, "correct-horse-1"), ContractJson.Options);
        var again = await auth.PostAsJsonAsync("/api/auth/email/register", new RegisterRequest("Pat", email, "correct-horse-1"), ContractJson.Options);
        var resend = await auth.PostAsJsonAsync("/api/auth/verify-email", new EmailRequest(email), ContractJson.Options);

        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, resend.StatusCode);
    }

    [Fact]
    public async Task Register_WhenTheMailServerHangs_AnswersAtOnce_TheMailWaitsInTheOutbox()
    {
        var sink = new SmtpSink { Hanging = true };
        _disposables.Add(sink);
        var system = await StartAsync([Role.NotificationsApi, Role.Auth], new() { ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = sink.Port.ToString() });
        var email = AuthApi.NewEmail();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var register = await Client(system, Role.Auth).PostAsJsonAsync("/api/auth/email/register",
            new RegisterRequest("Pat", email, "correct-horse-1"), ContractJson.Options);

        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}: no request waits on SMTP");
        await using var db = Codex.Data.CodexDatabase.Create(_database.ConnectionString);
        Assert.Equal(Codex.Contracts.OutgoingMailStatus.Pending,
            (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.OutgoingMail, m => m.Recipient == email)).Status);
    }

    [Fact]
    public async Task Register_WhenTheNotificationsWorkerIsDown_StillCreatesTheAccount()
    {
        var system = await StartAsync([Role.Auth], new() { [WorkerInfo.Of(Role.NotificationsApi).UrlVariable] = ClosedPort.Url().ToString() });

        var register = await Client(system, Role.Auth).PostAsJsonAsync("/api/auth/email/register",
            new RegisterRequest("Pat", AuthApi.NewEmail(), "correct-horse-1"), ContractJson.Options);

        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
    }

    [Fact]
    public async Task InternalRoutes_RefuseCallersWithoutTheKey_AndUnknownTemplatesAre404()
    {
        var system = await StartAsync([Role.NotificationsApi, Role.Auth], new());
        var notifications = Client(system, Role.NotificationsApi);
        var body = new SendEmailRequest("someone@example.test", "Someone", "tok");

        var noKey = await notifications.PostAsJsonAsync("/api/templates/verify-email/send", body, ContractJson.Options);
        notifications.DefaultRequestHeaders.Add(InternalAuth.Header, "wrong-key");
        var wrongKey = await notifications.GetAsync("/api/outbox");
        notifications.DefaultRequestHeaders.Remove(InternalAuth.Header);
        notifications.DefaultRequestHeaders.Add(InternalAuth.Header, system.InternalKey);
        var unknown = await notifications.PostAsJsonAsync("/api/templates/no-such-template/send", body, ContractJson.Options);
        var rendered = await notifications.PostAsJsonAsync("/api/templates/reset-password/render", body, ContractJson.Options);

        Assert.Equal(HttpStatusCode.Forbidden, noKey.StatusCode);
        Assert.Equal(ErrorCodes.Forbidden, (await noKey.ErrorAsync()).Code);
        Assert.Equal(HttpStatusCode.Forbidden, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var email = (await rendered.ReadAsync<DataEnvelope<RenderedEmailDto>>()).Data;
        Assert.Equal("Reset your Codex password", email.Subject);
        Assert.Contains("https://codex.example/reset-password?token=tok", email.Text);
    }

    [Fact]
    public async Task Auth_AllowsTenLoginAttemptsPerClientAddressPerWindow()
    {
        var system = await StartAsync([Role.NotificationsApi, Role.Auth], new() { ["RateLimits:AuthPerClient"] = "10" });
        var auth = Client(system, Role.Auth);
        HttpRequestMessage Login(string from)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/email/login")
            {
                Content = JsonContent.Create(new LoginRequest(AuthApi.NewEmail(), "whatever-1"), options: ContractJson.Options),
            };
            request.Headers.Add("X-Forwarded-For", from);
            return request;
        }

        for (var i = 0; i < 10; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await auth.SendAsync(Login("192.0.2.10"))).StatusCode);
        var limited = await auth.SendAsync(Login("192.0.2.10"));
        var otherAddress = await auth.SendAsync(Login("192.0.2.11"));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(ErrorCodes.RateLimited, (await limited.ErrorAsync()).Code);
        Assert.True(limited.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.Unauthorized, otherAddress.StatusCode);
    }
}
