using Codex.Contracts.Notifications;
using Codex.Workers.NotificationsApi.Outbox;
using Codex.Workers.NotificationsApi.Templates;
using Codex.Workers.Pipeline;

namespace Codex.Workers.NotificationsApi;

/// <summary>
/// Notifications-API: renders the emails from their templates (editable by a platform admin, <see cref="TemplateEndpoints"/>)
/// and sends them from the outbox (SMTP, or the local folder read at /dev/mail), retrying with backoff when the mail server
/// is down.
/// </summary>
public static class NotificationsWorker
{
    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
        var smtp = services.AddSettings<SmtpOptions>(config, SmtpOptions.Section, o => o.Problems());
        var mail = services.AddSettings<MailOptions>(config, MailOptions.Section, o => o.Problems());
        services.AddScoped<EmailTemplates>();
        services.AddSingleton<OutboxMailTransport>();
        if (string.IsNullOrWhiteSpace(smtp.Host))
            services.AddSingleton<IMailTransport>(sp => sp.GetRequiredService<OutboxMailTransport>());
        else
            services.AddSingleton<IMailTransport, SmtpMailTransport>();
        services.AddScoped<OutboxSender>();
        services.AddWorkerJobs(config, Role.NotificationsApi, (q, jobs) => q
            .Every<SendMailJob>("send-mail", mail.PollInterval, firstAfter: TimeSpan.FromSeconds(1))
            .Every<SweepMailJob>("sweep-mail", jobs.SweepInterval));
    }

    public static void Map(WebApplication app)
    {
        app.MapPost(NotificationsRoutes.Render, async (string template, SendEmailRequest body, EmailTemplates emails, CancellationToken ct) =>
            Results.Json(new DataEnvelope<RenderedEmailDto>(await emails.RenderAsync(Known(template), body, ct)), ContractJson.Options))
            .RequireInternalKey();
        app.MapPost(NotificationsRoutes.Send, SendAsync).RequireInternalKey();

        // The development outbox folder, read by the site's /dev/mail. Empty when real SMTP is configured.
        app.MapGet(NotificationsRoutes.Outbox, async (OutboxMailTransport box, CancellationToken ct) =>
            Results.Json(new DataEnvelope<IReadOnlyList<OutboxMessageDto>>(await box.ListAsync(50, ct)), ContractJson.Options)).RequireInternalKey();
        app.MapGet(NotificationsRoutes.OutboxMessage, async (string id, OutboxMailTransport box, CancellationToken ct) =>
            await box.FindAsync(id, ct) is { } message
                ? Results.Json(new DataEnvelope<OutboxMessageDto>(message), ContractJson.Options)
                : throw ApiException.NotFound("The message")).RequireInternalKey();

        TemplateEndpoints.Map(app);
    }

    /// <summary>Queues a message (for callers without the database): checked now, sent by the outbox job; <c>202</c> with its id.</summary>
    private static async Task<IResult> SendAsync(string template, SendEmailRequest body, EmailTemplates emails, MailOutbox outbox,
        CancellationToken ct)
    {
        await emails.RenderAsync(Known(template), body, ct); // a message that cannot be rendered is refused now, not given up on later
        var id = await outbox.EnqueueAsync(template, body, ct);
        return Results.Json(new DataEnvelope<object>(new { id }), ContractJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    private static string Known(string template) =>
        EmailTemplates.Exists(template) ? template : throw ApiException.NotFound("The template");
}
