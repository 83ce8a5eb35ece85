using System.Text.Json;
using Codex.Contracts.Notifications;
using Codex.Data;
using Codex.Workers.Pipeline;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.NotificationsApi.Templates;

/// <summary>
/// The platform admin's routes over the mail templates: list, read, edit (<c>PUT</c>, checked by the same rules as the
/// site's editor), reset to the default (<c>DELETE</c>, idempotent) and preview a draft with sample values. 401 without a
/// session, 403 <c>FORBIDDEN</c> for anyone but a platform admin, then 404 for an unknown name. Each change is written to
/// the audit log in the same transaction (a reset of a template already at its default changes nothing and writes nothing).
/// </summary>
public static class TemplateEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet(NotificationsRoutes.Templates, ListAsync);
        app.MapGet(NotificationsRoutes.Template, GetAsync);
        app.MapPut(NotificationsRoutes.Template, UpdateAsync);
        app.MapDelete(NotificationsRoutes.Template, ResetAsync);
        app.MapPost(NotificationsRoutes.TemplatePreview, PreviewAsync);
    }

    /// <summary><c>GET /api/templates?page=&amp;limit=</c>: every template, in the catalogue's order, as the contract's list.</summary>
    private static async Task<IResult> ListAsync(HttpRequest request, CurrentUser currentUser, EmailTemplates templates, CancellationToken ct)
    {
        await currentUser.RequirePlatformAdminAsync(ct);
        var reader = new QueryReader(name => request.Query[name].FirstOrDefault());
        var page = reader.Int("page", 1);
        var limit = reader.Int("limit", Paging.DefaultLimit);
        if (page is < 1 or > Paging.MaxPage) reader.AddError("page", $"Must be between 1 and {Paging.MaxPage}.");
        if (limit is < 1 or > Paging.MaxLimit) reader.AddError("limit", $"Must be between 1 and {Paging.MaxLimit}.");
        if (reader.FieldErrors is { } errors) throw ApiException.Validation(errors);

        var items = new List<EmailTemplateDto>();
        foreach (var definition in EmailTemplateCatalog.All.Skip((page - 1) * limit).Take(limit))
            items.Add((await templates.FindAsync(definition.Name, ct))!.ToDto());
        var total = EmailTemplateCatalog.All.Count;
        return Results.Json(new PagedList<EmailTemplateDto>(items, Pagination.For(page, limit, total)), ContractJson.Options);
    }

    private static async Task<IResult> GetAsync(string name, CurrentUser currentUser, EmailTemplates templates, CancellationToken ct)
    {
        await currentUser.RequirePlatformAdminAsync(ct);
        var stored = await templates.FindAsync(name, ct) ?? throw ApiException.NotFound("The template");
        return Results.Json(new DataEnvelope<EmailTemplateDto>(stored.ToDto()), ContractJson.Options);
    }

    /// <summary><c>PUT /api/templates/:name</c> <c>{subject, textBody, htmlBody}</c>: the edit, stored whole.</summary>
    private static async Task<IResult> UpdateAsync(string name, UpdateTemplateRequest body, CurrentUser currentUser, EmailTemplates templates,
        CodexDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var admin = await currentUser.RequirePlatformAdminAsync(ct);
        var definition = EmailTemplateCatalog.Find(name) ?? throw ApiException.NotFound("The template");
        new UpdateTemplateRequestValidator(definition).ValidateAndThrow(body);

        for (var attempt = 1; ; attempt++)
        {
            var now = clock.StoredNow();
            var row = await db.EmailTemplates.FirstOrDefaultAsync(t => t.Name == name, ct);
            var wasDefault = row is null;
            if (row is null)
            {
                row = new EmailTemplate { Name = name, Subject = "", TextBody = "", HtmlBody = "" };
                db.EmailTemplates.Add(row);
            }
            row.Subject = body.Subject!;
            row.TextBody = body.TextBody!;
            row.HtmlBody = body.HtmlBody!;
            row.UpdatedById = admin.Id;
            row.UpdatedAt = now;
            Audit(db, admin.Id, TemplateAudit.Update, name, new { subject = body.Subject, wasDefault }, now);
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateException e) when (attempt == 1 && DbErrors.IsUniqueViolation(e))
            {
                // Another admin stored the first edit at the same moment: this one replaces it.
                db.ChangeTracker.Clear();
            }
        }
        var stored = await templates.FindAsync(name, ct);
        return Results.Json(new DataEnvelope<EmailTemplateDto>(stored!.ToDto()), ContractJson.Options);
    }

    /// <summary><c>DELETE /api/templates/:name</c>: back to the default; 204 whether or not there was an edit.</summary>
    private static async Task<IResult> ResetAsync(string name, CurrentUser currentUser, CodexDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var admin = await currentUser.RequirePlatformAdminAsync(ct);
        if (EmailTemplateCatalog.Find(name) is null) throw ApiException.NotFound("The template");
        if (await db.EmailTemplates.FirstOrDefaultAsync(t => t.Name == name, ct) is { } row)
        {
            db.EmailTemplates.Remove(row);
            Audit(db, admin.Id, TemplateAudit.Reset, name, new { subject = row.Subject }, clock.StoredNow());
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Reset by someone else meanwhile: the template is at its default, which is what was asked.
            }
        }
        return Results.NoContent();
    }

    /// <summary>
    /// <c>POST /api/templates/:name/preview</c>: the template rendered with sample values; the parts given in the body are
    /// an unsaved draft (the editor's live preview), checked as a save checks them, the others as stored.
    /// </summary>
    private static async Task<IResult> PreviewAsync(string name, PreviewTemplateRequest? body, CurrentUser currentUser, EmailTemplates templates,
        CancellationToken ct)
    {
        await currentUser.RequirePlatformAdminAsync(ct);
        var stored = await templates.FindAsync(name, ct) ?? throw ApiException.NotFound("The template");
        body ??= new PreviewTemplateRequest();
        new PreviewTemplateRequestValidator(stored.Definition).ValidateAndThrow(body);

        var content = new TemplateContent(body.Subject ?? stored.Content.Subject, body.TextBody ?? stored.Content.TextBody,
            body.HtmlBody ?? stored.Content.HtmlBody);
        var values = new Dictionary<string, string>(templates.SampleValues(name), StringComparer.Ordinal);
        foreach (var (key, value) in body.Values ?? new Dictionary<string, string>()) values[key] = value;
        return Results.Json(new DataEnvelope<RenderedEmailDto>(TemplateRenderer.Render(content, values)), ContractJson.Options);
    }

    /// <summary>An audit entry for a template change, saved with it (the target's id is the template's name).</summary>
    private static void Audit(CodexDbContext db, Guid actorId, string action, string name, object details, DateTimeOffset now) =>
        db.AuditLog.Add(new AuditEntry
        {
            Id = Guid.NewGuid(), ActorId = actorId, Action = action, TargetType = TemplateAudit.Target, TargetId = name,
            Details = JsonSerializer.Serialize(details, ContractJson.Options) is { Length: <= 4000 } json ? json : null, CreatedAt = now,
        });
}
