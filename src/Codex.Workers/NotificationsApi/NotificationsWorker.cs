using Codex.Contracts;
using Codex.Contracts.Notifications;
using Codex.Workers.Pipeline;

namespace Codex.Workers.NotificationsApi;

/// <summary>Notifications-API: renders the account emails from templates and sends them (SMTP or the local outbox).</summary>
public static class NotificationsWorker
{
    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
        var smtp = config.GetSection("Smtp").Get<SmtpOptions>() ?? new SmtpOptions();
        services.AddSingleton(smtp);
        services.AddSingleton<EmailTemplates>();
        services.AddSingleton<OutboxMailTransport>();
        if (string.IsNullOrWhiteSpace(smtp.Host))
            services.AddSingleton<IMailTransport>(sp => sp.GetRequiredService<OutboxMailTransport>());
        else
            services.AddSingleton<IMailTransport, SmtpMailTransport>();
    }

    public static void Map(WebApplication app)
    {
        var templates = app.MapGroup("/api/templates").RequireInternalKey();
        templates.MapPost("/{template}/render", (string template, SendEmailRequest body, EmailTemplates emails) =>
            Results.Json(new DataEnvelope<RenderedEmailDto>(emails.Render(Known(template), body)), ContractJson.Options));
        templates.MapPost("/{template}/send", SendAsync);

        // The development outbox, read by the site's /dev/mail. Absent when real SMTP is configured.
        var outbox = app.MapGroup("/api/outbox").RequireInternalKey();
        outbox.MapGet("", async (OutboxMailTransport box, CancellationToken ct) =>
            Results.Json(new DataEnvelope<IReadOnlyList<OutboxMessageDto>>(await box.ListAsync(50, ct)), ContractJson.Options));
        outbox.MapGet("/{id}", async (string id, OutboxMailTransport box, CancellationToken ct) =>
            await box.FindAsync(id, ct) is { } message
                ? Results.Json(new DataEnvelope<OutboxMessageDto>(message), ContractJson.Options)
                : throw ApiException.NotFound("The message"));
    }

    private static async Task<IResult> SendAsync(string template, SendEmailRequest body, EmailTemplates emails, IMailTransport transport,
        ILogger<EmailTemplates> logger, CancellationToken ct)
    {
        var rendered = emails.Render(Known(template), body);
        try
        {
            var id = await transport.SendAsync(body.To, rendered, ct);
            logger.LogInformation("Sent {Template} email {MessageId}", template, id);
            return Results.Json(new DataEnvelope<object>(new { id }), ContractJson.Options, statusCode: StatusCodes.Status202Accepted);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or MailKit.ServiceNotConnectedException
            or MailKit.CommandException or MailKit.ProtocolException or MailKit.Security.AuthenticationException or TimeoutException)
        {
            logger.LogError(e, "Could not send {Template} email", template);
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServiceUnavailable, "The mail server did not accept the message.");
        }
    }

    private static string Known(string template) =>
        EmailTemplates.Exists(template) ? template : throw ApiException.NotFound("The template");
}
