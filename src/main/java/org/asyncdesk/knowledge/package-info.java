/**
 * The knowledge base: FAQ articles the process owners keep as Markdown files in
 * {@code knowledge/} (one per article and language), loaded and reloaded on save, and
 * matched against a customer's question offline with Lucene (BM25 over stemmed en/de/bg
 * text, fuzzy terms for typos). {@code ${knowledgeBase}} for the process, the match API
 * and the {@code /knowledge} page for agents and process owners.
 * <p>
 * May use: root, template, web.
 */
package org.asyncdesk.knowledge;
