using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Codex.Contracts;
using Codex.Contracts.Auth;
using Codex.Contracts.Notifications;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Codex.Tests.Workers.Auth;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.NotificationsApi;

/// <summary>
/// Notifications and Auth on their own database: template edits are global, so these tests share no system with tests
/// that read mail wording, and each test that edits a template resets it before it ends.
/// </summary>
public sealed class TemplatesFixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles => [Role.NotificationsApi, Role.Auth];
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["RateLimits:AuthPerClient"] = "100000",
        ["Codex:PublicUrl"] = "https://codex.example",
    };
}

[CollectionDefinition(Name)]
public sealed class TemplatesCollection : ICollectionFixture<TemplatesFixture>
{
    public const string Name = "templates";
}

/// <summary>
/// <c>/api/templates</c>: who may call each route, the list and one template, edits with their validation (unknown
/// placeholders named, {{link}} required, malformed braces refused), reset, preview with escaping, the audit rows, and
/// the outbox sending the stored template (and the old <c>receipt</c> rows) from the next message on.
/// </summary>
[Collection(TemplatesCollection.Name)]
public sealed class TemplatesTests(TemplatesFixture fixture)
{
    private readonly TestData _data = new(fixture);
    private readonly HttpClient _client = fixture.Client(Role.NotificationsApi);

    private const string VerifyText = "Hi {{ name }}, confirm here: {{link}}";
    private const string VerifyHtml = "<p>Hi {{name}}</p><p><a href=\"{{link}}\">Confirm</a> {{link}}</p>";

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? cookie, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: ContractJson.Options);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        return _client.SendAsync(request);
    }

    private async Task<(User Admin, string Cookie)> AdminAsync()
    {
        var admin = await _data.UserAsync("Ada Admin", UserRole.Admin);
        return (admin, await _data.SessionCookieAsync(admin));
    }

    private async Task<string?> CookieAsync(Who who) => await _data.CookieAsync(await _data.OrganizationAsync(), who);

    private static async Task<IReadOnlyList<string>> MessagesAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal(ErrorCodes.ValidationError, error.Code);
        var fields = ((JsonElement)error.Details!).GetProperty("fieldErrors");
        Assert.True(fields.TryGetProperty(field, out var messages), $"no error on {field}: {fields}");
        return messages.EnumerateArray().Select(m => m.GetString()!).ToList();
    }

    private async Task<List<AuditEntry>> AuditAsync(Guid actorId)
    {
        await using var db = fixture.Db();
        return await db.AuditLog.AsNoTracking().Where(a => a.ActorId == actorId).ToListAsync();
    }

    public static TheoryData<string, string> Routes() => new()
    {
        { "GET", "/api/templates" },
        { "GET", "/api/templates/verify-email" },
        { "PUT", "/api/templates/invitation" },
        { "DELETE", "/api/templates/invitation" },
        { "POST", "/api/templates/verify-email/preview" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryRoute_IsForPlatformAdminsOnly(string method, string path)
    {
        object? body = method is "PUT" ? new UpdateTemplateRequest("s", "t", "h") : method is "POST" ? new PreviewTemplateRequest() : null;

        var anonymous = await SendAsync(new HttpMethod(method), path, null, body);
        var customer = await SendAsync(new HttpMethod(method), path, await CookieAsync(Who.Customer), body);
        var owner = await SendAsync(new HttpMethod(method), path, await CookieAsync(Who.Owner), body);
        var orgAdmin = await SendAsync(new HttpMethod(method), path, await CookieAsync(Who.Admin), body);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(ErrorCodes.Unauthorized, (await anonymous.ErrorAsync()).Code);
        foreach (var refused in new[] { customer, owner, orgAdmin })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal(ErrorCodes.Forbidden, (await refused.ErrorAsync()).Code);
        }
    }

    [Theory]
    [InlineData("GET", "/api/templates/no-such-mail")]
    [InlineData("GET", "/api/templates/receipt")]
    [InlineData("PUT", "/api/templates/no-such-mail")]
    [InlineData("DELETE", "/api/templates/no-such-mail")]
    [InlineData("POST", "/api/templates/no-such-mail/preview")]
    public async Task AnUnknownName_Is404(string method, string path)
    {
        var (_, cookie) = await AdminAsync();
        object? body = method == "PUT" ? new UpdateTemplateRequest("Subject", VerifyText, VerifyHtml) : method == "POST" ? new PreviewTemplateRequest() : null;

        var response = await SendAsync(new HttpMethod(method), path, cookie, body);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task List_HasTheSixMails_AtTheirDefaults_WithTheirPlaceholders()
    {
        var (_, cookie) = await AdminAsync();

        var response = await SendAsync(HttpMethod.Get, "/api/templates", cookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await response.ReadAsync<PagedList<EmailTemplateDto>>();
        Assert.Equal(["verify-email", "reset-password", "purchase-receipt", "invitation", "content-unpublished", "change-email"],
            list.Items.Select(t => t.Name));
        Assert.Equal(new Pagination(1, 20, 6, 1), list.Pagination);
        Assert.All(list.Items, t => Assert.True(t.IsDefault && t.UpdatedAt is null && t.UpdatedBy is null));
        Assert.All(list.Items, t => Assert.Contains(t.Placeholders, p => p.Name == "link" && p.Description.Length > 0));
        var receipt = list.Items.Single(t => t.Name == "purchase-receipt");
        Assert.Equal(["name", "title", "amount", "link"], receipt.Placeholders.Select(p => p.Name));
        Assert.Equal("Your Codex receipt: {{title}}", receipt.Subject);
        Assert.Equal(["name", "organization", "role", "invitedBy", "link"], list.Items.Single(t => t.Name == "invitation").Placeholders.Select(p => p.Name));
        Assert.Equal(["name", "title", "reason", "link"], list.Items.Single(t => t.Name == "content-unpublished").Placeholders.Select(p => p.Name));
    }

    [Theory]
    [InlineData("page=2&limit=2", 2, 2)]
    [InlineData("page=4&limit=2", 4, 0)]
    public async Task List_Pages(string query, int page, int count)
    {
        var (_, cookie) = await AdminAsync();

        var list = await (await SendAsync(HttpMethod.Get, "/api/templates?" + query, cookie)).ReadAsync<PagedList<EmailTemplateDto>>();

        Assert.Equal(count, list.Items.Count);
        Assert.Equal((page, 6, 3), (list.Pagination.Page, list.Pagination.Total, list.Pagination.TotalPages));
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=1001", "page")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("page=two", "page")]
    public async Task List_OutOfRangePaging_Is400(string query, string field)
    {
        var (_, cookie) = await AdminAsync();

        var response = await SendAsync(HttpMethod.Get, "/api/templates?" + query, cookie);

        Assert.Contains(field, await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Get_ADefault_IsTodaysWording_WithPlaceholders()
    {
        var (_, cookie) = await AdminAsync();

        var template = (await (await SendAsync(HttpMethod.Get, "/api/templates/verify-email", cookie)).ReadAsync<DataEnvelope<EmailTemplateDto>>()).Data;

        Assert.Equal("Confirm your email address for Codex", template.Subject);
        Assert.Equal("Hello {{name}},\n\nThanks for joining Codex. Confirm your email address to sign in:\n\n{{link}}\n\n"
            + "The link works once and expires in 24 hours. If you did not create an account, ignore this email.\n\n— Codex", template.TextBody);
        Assert.Contains("<a href=\"{{link}}\"", template.HtmlBody);
        Assert.True(template.IsDefault);
    }

    [Fact]
    public async Task Put_WithAnUnknownPlaceholder_Is400NamingIt_AndTheTemplatesToUse()
    {
        var (_, cookie) = await AdminAsync();

        var response = await SendAsync(HttpMethod.Put, "/api/templates/verify-email", cookie,
            new UpdateTemplateRequest("Welcome {{nmae}}", VerifyText, VerifyHtml));

        var message = Assert.Single(await MessagesAsync(response, "subject"));
        Assert.Equal("{{nmae}} is not a placeholder of this template: use {{name}}, {{link}}.", message);
        await AssertDefaultAsync("verify-email", cookie);
    }

    [Theory]
    [InlineData("Hello {{name}}, no link here.", "textBody", "must contain {{link}}")]
    [InlineData("Hello {{name}}: {{link}} {{title}}", "textBody", "{{title}} is not a placeholder of this template")]
    [InlineData("Hello {{name: {{link}}", "textBody", "\u201c{{name:\u201d is not closed")]
    [InlineData("Hello {{name {{link}}", "textBody", "\u201c{{name\u201d is not closed")]
    [InlineData("Hello {{{name}}} {{link}}", "textBody", "is not a placeholder: write a name between {{ and }}")]
    [InlineData("Hello {{na me}} {{link}}", "textBody", "\u201c{{na me}}\u201d is not a placeholder")]
    [InlineData("   ", "textBody", "The plain-text body is required.")]
    public async Task Put_WithABadTextBody_Is400OnThatField(string text, string field, string expected)
    {
        var (_, cookie) = await AdminAsync();

        var response = await SendAsync(HttpMethod.Put, "/api/templates/verify-email", cookie, new UpdateTemplateRequest("Subject", text, VerifyHtml));

        Assert.Contains(await MessagesAsync(response, field), m => m.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Put_WithoutALinkInTheHtml_OrWithALongOrTwoLineSubject_OrMissingParts_Is400()
    {
        var (_, cookie) = await AdminAsync();

        var noLink = await SendAsync(HttpMethod.Put, "/api/templates/verify-email", cookie,
            new UpdateTemplateRequest("Subject", VerifyText, "<p>Hi {{name}}</p><img src=\"https://example.com/button.png\">"));
        var longSubject = await SendAsync(HttpMethod.Put, "/api/templates/verify-email", cookie,
            new UpdateTemplateRequest(new string('s', 301), VerifyText, VerifyHtml));
        var twoLines = await SendAsync(HttpMethod.Put, "/api/templates/verify-email", cookie,
            new UpdateTemplateRequest("Line one\r\nBcc: someone@example.com", VerifyText, VerifyHtml));
        var longHtml = await SendAsync(HttpMethod.Put, "/api/templates/verify-email", cookie,
            new UpdateTemplateRequest("Subject", VerifyText, VerifyHtml + new string('x', 50_000)));
        var missing = await SendAsync(HttpMethod.Put, "/api/templates/verify-email", cookie, new UpdateTemplateRequest(null, null, null));
        var notJson = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/templates/verify-email")
        {
            Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"), Headers = { { "Cookie", cookie } },
        });

        Assert.Contains(await MessagesAsync(noLink, "htmlBody"), m => m.Contains("{{link}}, so the mail has a link that works without images"));
        Assert.Contains(await MessagesAsync(longSubject, "subject"), m => m.Contains("the most is 300"));
        Assert.Contains(await MessagesAsync(twoLines, "subject"), m => m == "The subject is one line.");
        Assert.Contains(await MessagesAsync(longHtml, "htmlBody"), m => m.Contains("the most is 50,000"));
        Assert.Equal(["htmlBody", "subject", "textBody"], (await missing.FieldErrorsAsync()).Order());
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(ErrorCodes.InvalidJson, (await notJson.ErrorAsync()).Code);
        await AssertDefaultAsync("verify-email", cookie);
    }

    [Fact]
    public async Task Put_StoresTheEdit_WithWhoAndWhen_AndAnAuditRow_ThenDeleteResets_Idempotently()
    {
        var (admin, cookie) = await AdminAsync();
        try
        {
            var put = await SendAsync(HttpMethod.Put, "/api/templates/invitation", cookie, new UpdateTemplateRequest(
                "Join {{ organization }}", "{{invitedBy}} asks you to join as {{role}}: {{link}}", "<p>{{invitedBy}}: <a href=\"{{link}}\">join</a></p>"));

            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            var saved = (await put.ReadAsync<DataEnvelope<EmailTemplateDto>>()).Data;
            Assert.Equal(("Join {{ organization }}", false), (saved.Subject, saved.IsDefault));
            Assert.Equal(fixture.Clock.GetUtcNow(), saved.UpdatedAt!.Value, TimeSpan.FromSeconds(1));
            Assert.Equal(new TemplateEditorDto(admin.Id, "Ada Admin"), saved.UpdatedBy);
            var read = (await (await SendAsync(HttpMethod.Get, "/api/templates/invitation", cookie)).ReadAsync<DataEnvelope<EmailTemplateDto>>()).Data;
            Assert.Equal(saved, read with { Placeholders = saved.Placeholders });
            var update = Assert.Single(await AuditAsync(admin.Id));
            Assert.Equal((TemplateAudit.Update, TemplateAudit.Target, "invitation"), (update.Action, update.TargetType, update.TargetId));
            Assert.Contains("Join {{ organization }}", update.Details);

            var reset = await SendAsync(HttpMethod.Delete, "/api/templates/invitation", cookie);
            var again = await SendAsync(HttpMethod.Delete, "/api/templates/invitation", cookie);

            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
            Assert.Empty(await reset.Content.ReadAsByteArrayAsync());
            await AssertDefaultAsync("invitation", cookie);
            var actions = (await AuditAsync(admin.Id)).Select(a => a.Action).Order().ToList();
            Assert.Equal([TemplateAudit.Reset, TemplateAudit.Update], actions); // one reset: the second DELETE changed nothing
        }
        finally
        {
            await SendAsync(HttpMethod.Delete, "/api/templates/invitation", cookie);
        }
    }

    [Fact]
    public async Task Preview_WithoutABody_IsTheStoredTemplate_WithSampleValues()
    {
        var (_, cookie) = await AdminAsync();

        var response = await SendAsync(HttpMethod.Post, "/api/templates/purchase-receipt/preview", cookie, new PreviewTemplateRequest());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = (await response.ReadAsync<DataEnvelope<RenderedEmailDto>>()).Data;
        Assert.Equal("Your Codex receipt: Patient Baking", preview.Subject);
        Assert.Contains("You paid $4.99 for \u201cPatient Baking\u201d", preview.Text);
        Assert.Contains("https://codex.example/o/northwind/content/patient-baking", preview.Text);
        Assert.Contains("href=\"https://codex.example/o/northwind/content/patient-baking\"", preview.Html);
        Assert.DoesNotContain("{{", preview.Text + preview.Html + preview.Subject);
    }

    [Fact]
    public async Task Preview_OfADraft_EscapesValuesInTheHtml_KeepsThemPlainInTheText_AndStripsLineBreaksFromTheSubject()
    {
        var (_, cookie) = await AdminAsync();
        const string hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";

        var response = await SendAsync(HttpMethod.Post, "/api/templates/verify-email/preview", cookie, new PreviewTemplateRequest(
            "Welcome {{name}}", "Dear {{name}}: {{link}}", "<p title=\"{{name}}\">Dear {{name}}</p><a href=\"{{link}}\">go</a>",
            new Dictionary<string, string> { ["name"] = hostile + "\r\nBcc: victim@example.com" }));

        var preview = (await response.ReadAsync<DataEnvelope<RenderedEmailDto>>()).Data;
        Assert.Equal("Welcome <script>alert(1)</script>\"><img src=x onerror=alert(2)> Bcc: victim@example.com", preview.Subject);
        Assert.StartsWith("Dear " + hostile + "\r\nBcc: victim@example.com: https://codex.example/verify-email?token=sample-token", preview.Text);
        Assert.DoesNotContain("<script", preview.Html);
        Assert.DoesNotContain("<img", preview.Html);
        Assert.DoesNotContain("\"><", preview.Html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;", preview.Html);
        Assert.StartsWith("<p title=\"&lt;script&gt;", preview.Html);
        await AssertDefaultAsync("verify-email", cookie);
    }

    [Fact]
    public async Task Preview_OfABadDraft_OrUnknownValues_Is400()
    {
        var (_, cookie) = await AdminAsync();

        var badDraft = await SendAsync(HttpMethod.Post, "/api/templates/verify-email/preview", cookie, new PreviewTemplateRequest(TextBody: "Hi {{nmae}} {{link}}"));
        var unknownValue = await SendAsync(HttpMethod.Post, "/api/templates/verify-email/preview", cookie,
            new PreviewTemplateRequest(Values: new Dictionary<string, string> { ["amount"] = "$1" }));

        Assert.Contains(await MessagesAsync(badDraft, "textBody"), m => m.StartsWith("{{nmae}} is not a placeholder of this template: use {{name}}, {{link}}."));
        Assert.Contains(await MessagesAsync(unknownValue, "values"), m => m.Contains("{{amount}}"));
    }

    [Fact]
    public async Task AnEditedTemplate_IsWhatTheOutboxSendsNext_AndTheInternalRenderUsesIt_UntilItIsReset()
    {
        var (_, cookie) = await AdminAsync();
        var auth = new AuthApi(fixture);
        try
        {
            var put = await SendAsync(HttpMethod.Put, "/api/templates/verify-email", cookie,
                new UpdateTemplateRequest("Almost there, {{name}}", "Hi {{name}}, one click: {{link}}", "<p>Hi {{name}}, <a href=\"{{link}}\">one click</a>.</p>"));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            var email = AuthApi.NewEmail();

            Assert.Equal(HttpStatusCode.Created, (await auth.RegisterAsync(email, name: "<script>alert(1)</script>")).StatusCode);

            var mail = Assert.Single(await Mailbox.MessagesToAsync(fixture, email));
            Assert.Equal("Almost there, <script>alert(1)</script>", mail.Subject);
            Assert.StartsWith("Hi <script>alert(1)</script>, one click: https://codex.example/verify-email?token=", mail.Text);
            Assert.Contains("<p>Hi &lt;script&gt;alert(1)&lt;/script&gt;, <a href=\"https://codex.example/verify-email?token=", mail.Html);
            using var internalClient = fixture.Client(Role.NotificationsApi);
            internalClient.DefaultRequestHeaders.Add(InternalAuth.Header, fixture.System.InternalKey);
            var rendered = await internalClient.PostAsJsonAsync("/api/templates/verify-email/render", new SendEmailRequest("x@example.test", "Xavier", "tok"), ContractJson.Options);
            Assert.Equal("Almost there, Xavier", (await rendered.ReadAsync<DataEnvelope<RenderedEmailDto>>()).Data.Subject);
        }
        finally
        {
            await SendAsync(HttpMethod.Delete, "/api/templates/verify-email", cookie);
        }

        var after = AuthApi.NewEmail();
        Assert.Equal(HttpStatusCode.Created, (await auth.RegisterAsync(after, name: "Pat Example")).StatusCode);
        var restored = Assert.Single(await Mailbox.MessagesToAsync(fixture, after));
        Assert.Equal("Confirm your email address for Codex", restored.Subject);
        Assert.StartsWith("Hello Pat Example,\n\nThanks for joining Codex.", restored.Text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task AQueuedReceiptRow_UnderTheOldName_StillSends_AsThePurchaseReceipt()
    {
        var to = AuthApi.NewEmail();
        var payload = new SendEmailRequest(to, "Robin Reader", "") { Title = "Old Queue", Path = "/o/acme/content/old-queue", AmountCents = 1250, Currency = "usd" };
        await using (var db = fixture.Db())
        {
            var now = fixture.Clock.GetUtcNow();
            db.OutgoingMail.Add(new OutgoingMail
            {
                Id = Guid.NewGuid(), Template = EmailTemplateNames.LegacyReceipt, Recipient = to, Status = OutgoingMailStatus.Pending,
                Payload = JsonSerializer.Serialize(payload, ContractJson.Options), NextAttemptAt = now, CreatedAt = now,
            });
            await db.SaveChangesAsync();
        }

        var mail = Assert.Single(await Mailbox.MessagesToAsync(fixture, to));

        Assert.Equal("Your Codex receipt: Old Queue", mail.Subject);
        Assert.Contains("You paid $12.50 for \u201cOld Queue\u201d, and it is yours for good:", mail.Text);
        await using var check = fixture.Db();
        Assert.Equal(OutgoingMailStatus.Sent, (await check.OutgoingMail.SingleAsync(m => m.Recipient == to)).Status);
    }

    private async Task AssertDefaultAsync(string name, string cookie)
    {
        var template = (await (await SendAsync(HttpMethod.Get, "/api/templates/" + name, cookie)).ReadAsync<DataEnvelope<EmailTemplateDto>>()).Data;
        Assert.True(template.IsDefault, $"{name} is still at its default");
    }
}
