namespace Codex.Web.Infrastructure;

/// <summary>A labelled select of a GET filter form, with its inline error.</summary>
public sealed record SelectFieldModel(string Name, string Label, string? Value, IReadOnlyList<(string Value, string Label)> Options, string? Error);
